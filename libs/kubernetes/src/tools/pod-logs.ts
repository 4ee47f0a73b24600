import { ToolInputError } from '../api/kubernetes-api.error.js';

export interface PodSpecLike {
  metadata?: { name?: string };
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
}

/** Picks the container to read: the only one, or the named one; otherwise says which exist. */
export function chooseContainer(pod: PodSpecLike, wanted: string | undefined): string {
  const main = (pod.spec?.containers ?? []).map((container) => container.name);
  const others = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ].map((c) => c.name);
  const all = [...main, ...others];
  const name = pod.metadata?.name ?? '?';
  if (wanted) {
    if (all.includes(wanted)) return wanted;
    throw new ToolInputError(
      `Container "${wanted}" is not in pod "${name}"; its containers are: ${all.join(', ')}`,
    );
  }
  if (main.length === 1) return main[0];
  throw new ToolInputError(
    `Pod "${name}" has ${main.length} containers (${main.join(', ')}); choose one with the container parameter, e.g. container="${main[0]}"`,
  );
}

/** A grep-style filter: a regular expression when it is one, otherwise a plain substring. */
export function lineFilter(pattern: string | undefined): (line: string) => boolean {
  if (!pattern) return () => true;
  try {
    const regex = new RegExp(pattern, 'i');
    return (line) => regex.test(line);
  } catch {
    const needle = pattern.toLowerCase();
    return (line) => line.toLowerCase().includes(needle);
  }
}

/** Splits log text into lines, dropping the empty one after the final newline. */
export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Keeps the most recent lines that fit in `maxChars` (logs are read from the end). */
export function keepLastWithin(
  lines: string[],
  maxChars: number,
): { lines: string[]; omitted: number } {
  let length = 0;
  let start = lines.length;
  while (start > 0 && length + lines[start - 1].length + 1 <= maxChars) {
    length += lines[start - 1].length + 1;
    start--;
  }
  return { lines: lines.slice(start), omitted: start };
}
