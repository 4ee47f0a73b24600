import { textHead } from '#mcp';

/**
 * Joins parts (rows, documents, log lines) until the next one would pass `maxChars`, so output
 * is cut on a boundary and never silently: `omitted` says how many parts were left out.
 */
export function takeWithinLimit(
  parts: string[],
  maxChars: number,
  separator = '\n',
): { text: string; kept: number; omitted: number } {
  let length = 0;
  let kept = 0;
  for (const part of parts) {
    const added = (kept ? separator.length : 0) + part.length;
    if (length + added > maxChars && kept > 0) break;
    length += added;
    kept++;
    if (length > maxChars) break;
  }
  let text = parts.slice(0, kept).join(separator);
  if (text.length > maxChars) text = `${textHead(text, maxChars)}…`;
  return { text, kept, omitted: parts.length - kept };
}

/** Cuts free text at `maxChars` and appends the note; returns the text unchanged when it fits. */
export function capText(
  text: string,
  maxChars: number,
  note: string,
): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  return {
    text: `${textHead(text, maxChars)}\n… [output cut at ${maxChars} characters: ${note}]`,
    truncated: true,
  };
}
