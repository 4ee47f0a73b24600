import { pollUntil } from '../support/poll.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
// After the app import: the libraries import each other and must load in app order.
import { StreamableSessions } from '../../libs/mcp/src/testing.js';

const IDLE_MS = 1500;
const VERSION = '2025-06-18';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** MCP_SESSION_IDLE_TIMEOUT_MS closes sessions nobody uses, and only those. */
describe('idle session expiry', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ MCP_SESSION_IDLE_TIMEOUT_MS: String(IDLE_MS) });
  });
  afterAll(() => sut.close());

  async function post(body: unknown, sessionId?: string): Promise<Response> {
    return fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-protocol-version': VERSION,
        ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
      },
      body: JSON.stringify(body),
    });
  }

  async function openSession(): Promise<string> {
    const response = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: VERSION,
        capabilities: {},
        clientInfo: { name: 'idle-e2e', version: '1.0.0' },
      },
    });
    expect(response.status).toBe(200);
    await response.text();
    const sessionId = response.headers.get('mcp-session-id');
    expect(sessionId).toEqual(expect.any(String));
    const initialized = await post(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      sessionId!,
    );
    expect(initialized.status).toBe(202);
    return sessionId!;
  }

  const ping = (sessionId: string, id: number) =>
    post({ jsonrpc: '2.0', id, method: 'ping' }, sessionId);

  it('answers 404 with a hint to initialize again once a session was idle too long', async () => {
    const sessionId = await openSession();
    const lastUsed = Date.now();
    expect((await ping(sessionId, 2)).status).toBe(200);
    // Waits for the sweeper (every IDLE_MS / 2) to drop it instead of sleeping a guessed while,
    // which a loaded machine can outlast; the session counts are read without touching it.
    const sessions = sut.app.get(StreamableSessions);
    const left = await pollUntil(
      () => sessions.size,
      (size) => size === 0,
    );
    expect(left).toBe(0);
    expect(Date.now() - lastUsed).toBeGreaterThanOrEqual(IDLE_MS);
    const expired = await ping(sessionId, 3);
    expect(expired.status).toBe(404);
    const body = (await expired.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(-32001);
    expect(body.error.message).toContain(`Session "${sessionId}" not found`);
    expect(body.error.message).toContain('sending initialize without an Mcp-Session-Id header');
  });

  it('keeps a session that is used more often than the timeout', async () => {
    const sessionId = await openSession();
    for (let id = 10; id < 16; id += 1) {
      await sleep(IDLE_MS / 3);
      const response = await ping(sessionId, id);
      expect(response.status).toBe(200);
      await response.text();
    }
    // Three timeouts' worth of time has passed since initialize; activity kept it alive.
    const reply = await ping(sessionId, 20);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ jsonrpc: '2.0', id: 20, result: {} });
    const ended = await fetch(`${sut.url}/mcp`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': VERSION },
    });
    expect(ended.status).toBe(200);
  });

  it('closes an idle HTTP+SSE stream and then refuses its message URL with 404', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${sut.url}/mcp/sse`, { signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const endpoint = /data: (\S+)/.exec(first)?.[1];
    expect(endpoint).toMatch(/^\/mcp\/messages\?sessionId=/);
    // The server ends the stream by itself once the session is idle.
    const started = Date.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 600);
    const late = await fetch(`${sut.url}${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(late.status).toBe(404);
    expect(((await late.json()) as { error: { message: string } }).error.message).toContain(
      'Open a new stream with GET /mcp/sse',
    );
    controller.abort();
  });
});
