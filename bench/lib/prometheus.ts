import type http from 'node:http';

import { send } from './http.ts';

/**
 * One scrape of a server's /metrics, keyed by series as written there, e.g.
 * `nodejs_heap_used_after_gc_bytes` or `mcp_sessions_open{transport="sse"}`.
 */
export async function scrapeMetrics(
  baseUrl: string,
  agent: http.Agent,
): Promise<Map<string, number>> {
  const answer = await send({ url: `${baseUrl}/metrics`, agent, timeoutMs: 5000 });
  if (answer.status !== 200) throw new Error(`/metrics: HTTP ${answer.status}`);
  const series = new Map<string, number>();
  for (const line of answer.text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    series.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return series;
}
