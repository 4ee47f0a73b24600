import { splitLines } from './pod-logs.js';

// A character of output takes at most 4 bytes of UTF-8, so a read of 4 bytes per character of
// the output budget can fill it whatever the log's language.
const BYTES_PER_CHARACTER = 4;
// A grep filter drops most lines read, so it may search a larger read.
const GREP_FACTOR = 16;
// Whatever MCP_MAX_OUTPUT_CHARS says, one container's read is held in memory whole.
const MAX_READ_BYTES = 64 * 1024 * 1024;
const REPLACEMENT_CHARACTER = '\uFFFD';
// Each cut read is followed by a smaller one for the newest lines; this many reads at most.
const MAX_READS = 3;

/**
 * The `limitBytes` of a log read whose lines share `budgetChars` characters of the tool's
 * output: the API server stops there, so a log of enormous lines is never buffered whole.
 */
export function logReadLimitBytes(budgetChars: number, grep: boolean): number {
  const bytes = budgetChars * BYTES_PER_CHARACTER * (grep ? GREP_FACTOR : 1);
  return Math.max(1, Math.min(bytes, MAX_READ_BYTES));
}

/** Log lines read with a byte limit; `cut` when the limit stopped the read. */
export interface LimitedRead {
  lines: string[];
  cut: boolean;
}

/**
 * Reads the newest `tailLines` lines with `read` (which passes `limitBytes` to the API). The
 * API answers with the first `limitBytes` of those lines, the oldest ones, so a cut read is
 * followed by one for only as many of the newest lines as it held whole; newer lines can be
 * longer, so this repeats, up to MAX_READS reads in all. `first`, when given, is the first
 * read already on its way.
 */
export async function readNewestWithin(
  read: (tailLines: number) => Promise<string>,
  tailLines: number,
  limitBytes: number,
  first?: Promise<string>,
): Promise<LimitedRead> {
  let tail = tailLines;
  let text = await (first ?? read(tail));
  for (let reads = 1; wasCut(text, limitBytes); reads++) {
    const whole = Math.max(1, countLines(text));
    if (whole >= tail || reads === MAX_READS)
      return { lines: linesOfCutRead(text, limitBytes), cut: true };
    tail = whole;
    text = await read(tail);
  }
  return { lines: splitLines(text), cut: tail < tailLines };
}

/**
 * The answer is as long as the limit: cut. A multi-byte character cut in half decodes to a
 * 3-byte replacement character, so a cut answer never measures less than the limit.
 */
function wasCut(text: string, limitBytes: number): boolean {
  return Buffer.byteLength(text, 'utf8') >= limitBytes;
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Whole lines of a cut read; an only, incomplete line is kept, marked as cut. */
function linesOfCutRead(text: string, limitBytes: number): string[] {
  const lines = text.split('\n');
  const partial = lines.pop()!;
  if (lines.length || !partial) return lines;
  const start = partial.endsWith(REPLACEMENT_CHARACTER) ? partial.slice(0, -1) : partial;
  return [`${start} [line cut at ${limitBytes} bytes]`];
}
