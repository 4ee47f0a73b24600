import { openStreamableSession } from '../support/mcp-session.js';
import { scrape, valueOf, type Sample } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const IDLE_MS = 1000;

async function waitFor(url: string, check: (samples: Sample[]) => boolean): Promise<Sample[]> {
  let samples = await scrape(url);
  for (let i = 0; i < 60 && !check(samples); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    samples = await scrape(url);
  }
  return samples;
}

/** Clients that vanish without DELETE or disconnect must not leave the gauges up forever. */
describe('session gauges when idle sessions expire', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp({ MCP_SESSION_IDLE_TIMEOUT_MS: String(IDLE_MS) });
  });
  afterAll(() => sut?.close());

  it('drops expired Streamable HTTP and SSE sessions, and the SSE stream, from the gauges', async () => {
    await openStreamableSession(sut.url);
    const sse = await fetch(`${sut.url}/mcp/sse`, { headers: { accept: 'text/event-stream' } });
    const reader = sse.body!.getReader();
    let seen = '';
    while (!seen.includes('event: endpoint'))
      seen += new TextDecoder().decode((await reader.read()).value);

    const open = await scrape(sut.url);
    expect(valueOf(open, 'mcp_sessions_open', { transport: 'streamable-http' })).toBe(1);
    expect(valueOf(open, 'mcp_sessions_open', { transport: 'sse' })).toBe(1);
    expect(valueOf(open, 'mcp_sse_streams_open', { transport: 'sse' })).toBe(1);

    // The sweeper runs every IDLE_MS / 2; nothing is sent, so both sessions expire.
    const started = Date.now();
    const after = await waitFor(
      sut.url,
      (s) =>
        valueOf(s, 'mcp_sessions_open', { transport: 'streamable-http' }) === 0 &&
        valueOf(s, 'mcp_sessions_open', { transport: 'sse' }) === 0 &&
        valueOf(s, 'mcp_sse_streams_open', { transport: 'sse' }) === 0,
    );
    expect(valueOf(after, 'mcp_sessions_open', { transport: 'streamable-http' })).toBe(0);
    expect(valueOf(after, 'mcp_sessions_open', { transport: 'sse' })).toBe(0);
    expect(valueOf(after, 'mcp_sse_streams_open', { transport: 'sse' })).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS / 2);
    // The server ended the SSE response itself.
    for (;;) if ((await reader.read()).done) break;
  }, 20000);
});
