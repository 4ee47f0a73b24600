import { RE2JS, RE2JSSyntaxException } from 're2js';

import { ToolInputError } from '../api/kubernetes-api.error.js';
import { cutLine } from './line-cut.js';

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

/**
 * A grep-style filter: a regular expression when it is one, otherwise a plain substring.
 * Patterns run on RE2 (linear time in the line length), so no pattern can stall the server
 * the way `^(.+)+QQ$` stalls a backtracking engine; RE2 has no backreferences or lookaround.
 */
export function lineFilter(pattern: string | undefined): (line: string) => boolean {
  if (!pattern) return () => true;
  try {
    const regex = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return (line) => regex.test(line);
  } catch (error) {
    if (!isValidJavaScriptPattern(pattern)) {
      const needle = pattern.toLowerCase();
      return (line) => line.toLowerCase().includes(needle);
    }
    const reason = error instanceof RE2JSSyntaxException ? error.message : String(error);
    throw new ToolInputError(
      `grep pattern "${pattern}" uses syntax the server does not run (${reason}). ` +
        'Patterns use RE2 syntax: no backreferences (\\1) or lookaround ((?=, (?!, (?<=, (?<!) ' +
        'and repeat counts up to 1000; simplify the pattern or search for plain text.',
    );
  }
}

/** Only compiles the pattern (linear in its length); it is never run on a backtracking engine. */
function isValidJavaScriptPattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** Splits log text into lines, dropping the empty one after the final newline. */
export function splitLines(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Keeps the most recent lines that fit in `maxChars`, each counted with its newline (logs are
 * read from the end). A newest line longer than that alone keeps its start, marked as cut.
 */
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
  if (start === lines.length && start > 0)
    return { lines: [cutLine(lines[start - 1], maxChars - 1)], omitted: start - 1 };
  return { lines: lines.slice(start), omitted: start };
}
