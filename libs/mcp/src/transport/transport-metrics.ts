import type { ServerResponse } from 'node:http';

import type { McpTransport, MetricsService } from '#observability';

/**
 * A session map that keeps the open-sessions gauge equal to its size. Sessions leave the map on
 * DELETE, idle expiry, a closed transport, a Redis "closed" event and shutdown; counting at the
 * map itself means every one of those paths moves the gauge back, and a double delete cannot.
 */
export class GaugedSessionMap<V> extends Map<string, V> {
  constructor(
    private readonly metrics: MetricsService | undefined,
    private readonly transport: McpTransport,
  ) {
    super();
  }

  override set(sessionId: string, session: V): this {
    if (!this.has(sessionId)) this.metrics?.sessionOpened(this.transport);
    return super.set(sessionId, session);
  }

  override delete(sessionId: string): boolean {
    const removed = super.delete(sessionId);
    if (removed) this.metrics?.sessionClosed(this.transport);
    return removed;
  }

  override clear(): void {
    for (const sessionId of [...this.keys()]) this.delete(sessionId);
  }
}

/** Counts an event stream as open until its HTTP response closes (finished or client gone). */
export function trackStream(
  res: ServerResponse,
  metrics: MetricsService | undefined,
  transport: McpTransport,
): void {
  if (!metrics || res.destroyed) return;
  metrics.streamOpened(transport);
  res.once('close', () => metrics.streamClosed(transport));
}
