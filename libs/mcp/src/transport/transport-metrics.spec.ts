import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { MetricsService } from '#observability';

import { GaugedSessionMap, trackStream } from './transport-metrics.js';

describe('transport metrics', () => {
  let metrics: MetricsService;
  beforeEach(() => (metrics = new MetricsService()));

  const gauge = async (name: string, transport: string): Promise<string | undefined> =>
    (await metrics.exposition()).body.match(
      new RegExp(`^${name}\\{transport="${transport}"\\} (\\d+)$`, 'm'),
    )?.[1];

  it('keeps the open-sessions gauge equal to the map size, whatever removes a session', async () => {
    const sut = new GaugedSessionMap<string>(metrics, 'streamable-http');
    sut.set('a', 'first');
    sut.set('a', 'replaced');
    sut.set('b', 'second');
    sut.set('c', 'third');
    expect(await gauge('mcp_sessions_open', 'streamable-http')).toBe('3');
    expect(sut.delete('a')).toBe(true);
    expect(sut.delete('a')).toBe(false);
    expect(await gauge('mcp_sessions_open', 'streamable-http')).toBe('2');
    sut.clear();
    expect(sut.size).toBe(0);
    expect(await gauge('mcp_sessions_open', 'streamable-http')).toBe('0');
  });

  it('works without metrics (modules that do not import ObservabilityModule)', () => {
    const sut = new GaugedSessionMap<number>(undefined, 'sse');
    sut.set('a', 1);
    expect(sut.delete('a')).toBe(true);
  });

  it('counts a stream as open until its response closes, once', async () => {
    const res = Object.assign(new EventEmitter(), {
      destroyed: false,
    }) as unknown as ServerResponse;
    trackStream(res, metrics, 'sse');
    expect(await gauge('mcp_sse_streams_open', 'sse')).toBe('1');
    res.emit('close');
    res.emit('close');
    expect(await gauge('mcp_sse_streams_open', 'sse')).toBe('0');
  });

  it('does not count a response that is already gone', async () => {
    const res = Object.assign(new EventEmitter(), { destroyed: true }) as unknown as ServerResponse;
    trackStream(res, metrics, 'streamable-http');
    expect(await gauge('mcp_sse_streams_open', 'streamable-http')).toBeUndefined();
  });
});
