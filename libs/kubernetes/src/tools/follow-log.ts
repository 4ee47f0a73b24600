import { ToolInputError } from '../api/kubernetes-api.error.js';
import type { KubernetesHttpClient, QueryValue } from '../api/kubernetes-http.client.js';
import { LineSplitter } from './line-splitter.js';

/** Why following stopped. */
export type FollowEnd = 'duration' | 'stream-ended' | 'cancelled';

export interface FollowedLog {
  lines: string[];
  /** Older lines dropped to stay within the output budget. */
  omitted: number;
  ended: FollowEnd;
}

export interface FollowOptions {
  path: string;
  query: Record<string, QueryValue>;
  durationMs: number;
  /** The tool call's signal: the client cancelled or went away. */
  signal: AbortSignal;
  keep: (line: string) => boolean;
  /** Most characters of lines kept for the result (the newest win). */
  budget: number;
  report?: (text: string) => void;
}

// New lines are sent to the client at most this often, so a chatty container is not one
// notification per line.
const REPORT_EVERY_MS = 250;

/**
 * Follows one container's log (`follow=true`) until `durationMs` passes, the API server ends
 * the stream (the container stopped) or the call is cancelled; each abort closes the
 * Kubernetes stream. Matching lines are reported as they arrive and the newest ones that fit
 * `budget` are returned.
 */
export async function followLog(
  http: KubernetesHttpClient,
  options: FollowOptions,
): Promise<FollowedLog> {
  const timer = AbortSignal.timeout(options.durationMs);
  const signal = AbortSignal.any([options.signal, timer]);
  const kept: string[] = [];
  let keptChars = 0;
  let omitted = 0;
  // A kept line costs its length and a newline, so a line cut to one less than the budget still
  // fits: an enormous newest line shows its start rather than nothing.
  const lines = new LineSplitter(options.budget - 1);
  let pending: string[] = [];
  let flushTimer: NodeJS.Timeout | undefined;

  const flush = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.length) options.report?.(pending.join('\n'));
    pending = [];
  };
  const take = (lines: string[]): void => {
    for (const line of lines.filter(options.keep)) {
      kept.push(line);
      keptChars += line.length + 1;
      pending.push(line);
    }
    while (keptChars > options.budget && kept.length > 0) {
      keptChars -= kept.shift()!.length + 1;
      omitted += 1;
    }
    if (pending.length > 0 && !flushTimer) flushTimer = setTimeout(flush, REPORT_EVERY_MS);
  };

  try {
    await http.stream(
      { path: options.path, query: { ...options.query, follow: true }, signal },
      (text) => take(lines.push(text)),
    );
  } finally {
    take(lines.end());
    flush();
  }
  const ended: FollowEnd = options.signal.aborted
    ? 'cancelled'
    : timer.aborted
      ? 'duration'
      : 'stream-ended';
  return { lines: kept, omitted, ended };
}

/** Follows one user may run at once on this replica: each holds a stream to the API server. */
export const MAX_FOLLOWS_PER_USER = 5;

/** Counts the open follows per user and refuses one more than MAX_FOLLOWS_PER_USER. */
export class FollowSlots {
  private readonly open = new Map<string, number>();

  /** Takes a slot for `user` (throws a ToolInputError when none is left); call the result to give it back. */
  take(user: string): () => void {
    const count = this.open.get(user) ?? 0;
    if (count >= MAX_FOLLOWS_PER_USER) {
      throw new ToolInputError(
        `"${user}" already follows ${count} logs, the most one user may follow at once; ` +
          'wait for one to end or cancel it, or read recent lines without follow',
      );
    }
    this.open.set(user, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(user) ?? 1) - 1;
      if (left > 0) this.open.set(user, left);
      else this.open.delete(user);
    };
  }
}
