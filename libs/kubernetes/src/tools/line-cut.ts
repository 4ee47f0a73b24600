import { textHead } from '#mcp';

/** The mark after the start of a line cut to fit the output: how many characters are shown. */
export const lineCutMark = (kept: number): string => ` [line cut at ${kept} characters]`;

/** Characters of a line's start kept when it is cut to `maxChars` in all, its mark included. */
export function keptOfCutLine(maxChars: number): number {
  return Math.max(1, maxChars - lineCutMark(maxChars).length);
}

/** `line` when it fits in `maxChars`; otherwise its start and the mark, `maxChars` in all. */
export function cutLine(line: string, maxChars: number): string {
  if (line.length <= maxChars) return line;
  const kept = keptOfCutLine(maxChars);
  return `${textHead(line, kept)}${lineCutMark(kept)}`;
}
