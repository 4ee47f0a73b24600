import { SESSION_PROTOCOL, openStreamableSession } from '../support/mcp-session.js';
import { apiServerAddress, kubeconfigThroughPort } from '../support/cluster.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { SlowProxy } from '../support/slow-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const IDLE_MS = 1500;
// How long the proxy holds the tool call's request to the API server: far longer than the
// gauges can take to show its stream, so the call is still being answered when they are read.
const SLOW_CALL_MS = 15_000;

/**
 * Clients that vanish mid-stream (an SSE stream, a Streamable HTTP GET stream, a tool call whose
 * answer is being streamed) leave no session, stream or request behind.
 */
describe('clients that disconnect mid-stream', () => {
  let proxy: SlowProxy;
  let app: TestApp;

  beforeAll(async () => {
    const api = apiServerAddress();
    proxy = await SlowProxy.start(api.host, api.port);
    app = await startTestApp({
      KUBECONFIG: kubeconfigThroughPort(proxy.port),
      MCP_SESSION_IDLE_TIMEOUT_MS: String(IDLE_MS),
    });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  async function gauges() {
    const metrics = await scrape(app.url);
    return {
      sseSessions: valueOf(metrics, 'mcp_sessions_open', { transport: 'sse' }),
      streamableSessions: valueOf(metrics, 'mcp_sessions_open', { transport: 'streamable-http' }),
      sseStreams: valueOf(metrics, 'mcp_sse_streams_open', { transport: 'sse' }),
      streamableStreams: valueOf(metrics, 'mcp_sse_streams_open', { transport: 'streamable-http' }),
    };
  }

  async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (let i = 0; i < 50 && !ok(value); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      value = await read();
    }
    return value;
  }

  it('closes sessions and streams of clients that went away, and keeps serving', async () => {
    const cut = new AbortController();
    // Legacy SSE: the stream is the session.
    const sse = await fetch(`${app.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream' },
      signal: cut.signal,
    });
    const sseReader = sse.body!.getReader();
    expect(new TextDecoder().decode((await sseReader.read()).value)).toContain('event: endpoint');
    // Streamable HTTP: a session with its GET stream open and a tool call being answered.
    const { headers } = await openStreamableSession(app.url);
    const stream = await fetch(`${app.url}/mcp`, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: cut.signal,
    });
    expect(stream.status).toBe(200);
    proxy.delayMs = SLOW_CALL_MS;
    const slowCall = fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers,
      signal: cut.signal,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'pods', namespace: 'default' } },
      }),
    })
      .then((response) => response.text())
      .catch((error: Error) => error.name);
    // Streamable streams: the session's GET stream and the tool call's streamed answer, which
    // the server opens once the POST reaches it: waited for, since when that is varies.
    expect(await until(gauges, (g) => g.streamableStreams === 2)).toMatchObject({
      sseSessions: 1,
      streamableSessions: 1,
      sseStreams: 1,
      streamableStreams: 2,
    });

    cut.abort();
    await expect(slowCall).resolves.toBe('AbortError');
    proxy.delayMs = 0;
    const streamsGone = await until(gauges, (g) => g.sseStreams + g.streamableStreams === 0);
    expect(streamsGone).toMatchObject({ sseSessions: 0, sseStreams: 0, streamableStreams: 0 });
    // The Streamable session outlives its streams (a client may reconnect) until idle expiry.
    const allGone = await until(gauges, (g) => g.streamableSessions === 0);
    expect(allGone).toEqual({
      sseSessions: 0,
      streamableSessions: 0,
      sseStreams: 0,
      streamableStreams: 0,
    });

    const after = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mcp-protocol-version': SESSION_PROTOCOL },
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/list' }),
    });
    expect(after.status).toBe(200);
  }, 60_000);
});
