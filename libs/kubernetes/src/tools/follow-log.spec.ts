import type { KubernetesHttpClient } from '../api/kubernetes-http.client.js';
import { followLog } from './follow-log.js';

/** An API server whose log stream sends these chunks, then ends (the container stopped). */
const streaming = (chunks: () => Iterable<string>) =>
  ({
    stream: async (_request: unknown, onText: (text: string) => void) => {
      for (const chunk of chunks()) onText(chunk);
    },
  }) as unknown as KubernetesHttpClient;

describe('followLog', () => {
  const options = {
    path: '/api/v1/namespaces/default/pods/web/log',
    query: {},
    durationMs: 10_000,
    signal: new AbortController().signal,
    keep: () => true,
    budget: 200,
  };

  it('holds at most the budget of a line that never ends, and keeps its start', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const http = streaming(function* () {
      yield 'first\n';
      for (let i = 0; i < 64; i++) yield megabyte;
      yield '\nlast\n';
    });
    const reported: string[] = [];
    const sut = await followLog(http, { ...options, report: (text) => reported.push(text) });
    expect(sut.ended).toBe('stream-ended');
    const [first, cut, last] = reported.join('\n').split('\n');
    expect(first).toBe('first');
    expect(cut).toMatch(/^x+ \[line cut at \d+ characters\]$/);
    expect(cut!.length).toBeLessThanOrEqual(200);
    expect(last).toBe('last');
    // The result keeps the newest lines within the budget.
    expect(sut).toMatchObject({ lines: ['last'], omitted: 2 });
  });

  it('returns the start of an enormous newest line, marked, within the budget', async () => {
    const http = streaming(function* () {
      yield 'first\n';
      yield 'x'.repeat(10_000);
      yield '\n';
    });
    const sut = await followLog(http, options);
    expect(sut.lines).toHaveLength(1);
    const [cut] = sut.lines;
    expect(cut).toMatch(/^x+ \[line cut at \d+ characters\]$/);
    // With the newline between lines, the result stays within the budget.
    expect(cut!.length + 1).toBeLessThanOrEqual(options.budget);
    expect(sut.omitted).toBe(1);
  });

  it('returns the start of an enormous line the stream ends in without a newline', async () => {
    const http = streaming(function* () {
      yield 'x'.repeat(10_000);
    });
    const sut = await followLog(http, options);
    expect(sut.lines).toEqual([expect.stringMatching(/^x+ \[line cut at \d+ characters\]$/)]);
    expect(sut.omitted).toBe(0);
  });
});
