import { withoutSplitPairAtEnd } from '#mcp';

import { keptOfCutLine, lineCutMark } from './line-cut.js';

/**
 * Splits a stream of text chunks into lines, holding at most `maxChars` of an unfinished line:
 * a container that writes one enormous line without a newline cannot grow the server's memory,
 * and each chunk is scanned once. A longer line keeps its start and a mark, `maxChars` in all.
 */
export class LineSplitter {
  private partial = '';
  private cut = false;
  private readonly keep: number;

  constructor(maxChars: number) {
    this.keep = keptOfCutLine(maxChars);
  }

  /** The lines this chunk completes. */
  push(text: string): string[] {
    const pieces = text.split('\n');
    const lines: string[] = [];
    pieces.forEach((piece, index) => {
      this.append(piece);
      if (index < pieces.length - 1) lines.push(this.take());
    });
    return lines;
  }

  /** Characters held of the unfinished line: never more than the limit, however long it grows. */
  get heldChars(): number {
    return this.partial.length;
  }

  /** The unfinished line, when the stream ends. */
  end(): string[] {
    return this.partial || this.cut ? [this.take()] : [];
  }

  private append(piece: string): void {
    const room = this.keep - this.partial.length;
    if (piece.length <= room) {
      this.partial += piece;
      return;
    }
    if (room > 0) this.partial += piece.slice(0, room);
    this.cut = true;
  }

  private take(): string {
    const line = this.cut
      ? `${withoutSplitPairAtEnd(this.partial)}${lineCutMark(this.keep)}`
      : this.partial;
    this.partial = '';
    this.cut = false;
    return line;
  }
}
