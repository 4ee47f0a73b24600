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

/** One answer of the log API: its text and how many bytes it took on the wire. */
export interface LogAnswer {
  text: string;
  bytes: number;
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
  read: (tailLines: number) => Promise<LogAnswer>,
  tailLines: number,
  limitBytes: number,
  first?: Promise<LogAnswer>,
): Promise<LimitedRead> {
  let tail = tailLines;
  let answer = await (first ?? read(tail));
  // An answer as long as the limit was cut there. Its size is counted as sent, not re-encoded:
  // each byte of a binary log decodes to a 3-byte replacement character.
  for (let reads = 1; answer.bytes >= limitBytes; reads++) {
    const whole = Math.max(1, countLines(answer.text));
    if (whole >= tail || reads === MAX_READS)
      return { lines: linesOfCutRead(answer.text, limitBytes), cut: true };
    tail = whole;
    answer = await read(tail);
  }
  return { lines: splitLines(answer.text), cut: tail < tailLines };
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
