import { connect, type Socket } from 'node:net';

import { login, writeUsersFile } from '../support/auth-users.js';
import { SESSION_PROTOCOL, openStreamableSession } from '../support/mcp-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 3000;
// Node checks for expired requests once a second (see applyHttpTimeouts), plus slack for CI.
const CLOSE_SLACK_MS = 2000;
const MAX_SESSIONS = 3;

/** Sends `first`, then one more piece every `everyMs` until the server closes the socket. */
async function trickle(
  port: number,
  first: string,
  piece: string,
  everyMs: number,
): Promise<{ closedAfterMs: number; answer: string }> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
  socket.write(first);
  const timer = setInterval(() => socket.writable && socket.write(piece), everyMs);
  const closedAfterMs = await new Promise<number>((resolve) => {
    socket.once('close', () => resolve(Date.now() - started));
    socket.on('error', () => undefined);
    // The test fails rather than hangs if the server never closes the connection.
    setTimeout(() => resolve(Infinity), 30_000).unref();
  });
  clearInterval(timer);
  socket.destroy();
  return { closedAfterMs, answer };
}

/** Reads an event stream until `enough` holds for what arrived, or the stream ends. */
async function readStream(
  response: Response,
  enough: (text: string) => boolean,
): Promise<{ text: string; ended: boolean }> {
  const reader = response.body!.getReader();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { text, ended: true };
    text += new TextDecoder().decode(value);
    if (enough(text)) {
      await reader.cancel();
      return { text, ended: false };
    }
  }
}

const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'x-frame-options'];

describe('transport limits: security headers, slow clients, sessions per user', () => {
  const user = `quota-${Date.now().toString(36)}`;
  const other = `other-${Date.now().toString(36)}`;
  const usersFile = writeUsersFile([
    { name: user, password: 'quota-password-1', roles: ['viewer'] },
    { name: other, password: 'other-password-1', roles: ['viewer'] },
  ]);
  let sut: TestApp;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      MCP_MAX_SESSIONS_PER_USER: String(MAX_SESSIONS),
      MCP_MAX_BODY_BYTES: '2048',
      MCP_SSE_KEEPALIVE_MS: '1000',
      LOGIN_RATE_LIMIT_MAX: '3',
    });
    // Both logins happen before the login rate limit (3 attempts) is used up on purpose below.
    token = await login(sut.url, user, 'quota-password-1');
    otherToken = await login(sut.url, other, 'other-password-1');
  });

  afterAll(async () => {
    await sut?.close();
  });

  const port = () => Number(new URL(sut.url).port);
  const bearer = () => ({ authorization: `Bearer ${token}` });

  it('puts the security headers on 413, 415, 401, 404, 400 and 429 answers too', async () => {
    const json = { 'content-type': 'application/json' };
    const answers = {
      413: await fetch(`${sut.url}/mcp`, {
        method: 'POST',
        headers: { ...json, ...bearer() },
        body: 'x'.repeat(4096),
      }),
      415: await fetch(`${sut.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', ...bearer() },
        body: '{}',
      }),
      401: await fetch(`${sut.url}/mcp`, { method: 'POST', headers: json, body: '{}' }),
      404: await fetch(`${sut.url}/no-such-route`),
      400: await fetch(`${sut.url}/auth/login`, { method: 'POST', headers: json, body: '{' }),
    };
    let throttled: Response | undefined;
    for (let attempt = 0; attempt < 6 && !throttled; attempt++) {
      const response = await fetch(`${sut.url}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
      });
      if (response.status === 429) throttled = response;
    }
    for (const [status, response] of Object.entries({ ...answers, 429: throttled! })) {
      expect([status, response.status]).toEqual([status, Number(status)]);
      for (const header of SECURITY_HEADERS)
        expect([status, header, response.headers.has(header)]).toEqual([status, header, true]);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('answers oversized headers (431) with the security headers and a JSON error', async () => {
    const { answer } = await trickle(
      port(),
      `GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      '',
      60_000,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    for (const header of SECURITY_HEADERS)
      expect(answer.toLowerCase()).toContain(`\r\n${header}: `);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({
      statusCode: 431,
      message: expect.stringContaining('send fewer or shorter headers'),
    });
  });

  it(`closes a connection that trickles its headers after HTTP_HEADERS_TIMEOUT_MS (${HEADERS_TIMEOUT_MS} ms)`, async () => {
    const { closedAfterMs, answer } = await trickle(
      port(),
      'GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      'X-Slow: 1\r\n',
      500,
    );
    console.log(`header trickle closed after ${closedAfterMs} ms`);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node answers this before Express runs; the answer still carries the security headers.
    for (const header of SECURITY_HEADERS)
      expect(answer.toLowerCase()).toContain(`\r\n${header}: `);
    expect(answer).toContain('HTTP_HEADERS_TIMEOUT_MS');
    expect(closedAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + CLOSE_SLACK_MS);
  });

  it.each(['/auth/login', '/mcp'])(
    `closes a connection that trickles its body to %s after HTTP_REQUEST_TIMEOUT_MS (${REQUEST_TIMEOUT_MS} ms)`,
    async (path) => {
      const { closedAfterMs, answer } = await trickle(
        port(),
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Authorization: Bearer ${token}\r\nContent-Length: 1000\r\n\r\n{`,
        ' ',
        500,
      );
      console.log(`body trickle to ${path} closed after ${closedAfterMs} ms`);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      for (const header of SECURITY_HEADERS)
        expect(answer.toLowerCase()).toContain(`\r\n${header}: `);
      expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS);
    },
  );

  it('keeps SSE streams (GET /mcp/sse and the GET /mcp stream) open past the request timeout', async () => {
    const waitMs = REQUEST_TIMEOUT_MS + CLOSE_SLACK_MS;
    const legacy = await fetch(`${sut.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', ...bearer() },
    });
    expect(legacy.status).toBe(200);
    const session = await openStreamableSession(sut.url, token);
    const standalone = await fetch(`${sut.url}/mcp`, {
      headers: { ...session.headers, accept: 'text/event-stream' },
    });
    expect(standalone.status).toBe(200);
    const started = Date.now();
    // Keep-alive comments arrive every second; one after the request timeout proves the
    // stream outlived it.
    const late = (text: string) => Date.now() - started > waitMs && text.includes(':');
    const [a, b] = await Promise.all([readStream(legacy, late), readStream(standalone, late)]);
    expect([a.ended, b.ended]).toEqual([false, false]);
    expect(Date.now() - started).toBeGreaterThan(waitMs);
    await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: session.headers });
  }, 30_000);

  it(`refuses a user's session beyond MCP_MAX_SESSIONS_PER_USER (${MAX_SESSIONS}) with 429, Retry-After and what to do`, async () => {
    const sessions = [];
    for (let i = 0; i < MAX_SESSIONS; i++)
      sessions.push(await openStreamableSession(sut.url, token));
    const initialize = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...bearer(),
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: SESSION_PROTOCOL,
          capabilities: {},
          clientInfo: { name: 'quota', version: '1' },
        },
      }),
    });
    expect(initialize.status).toBe(429);
    expect(Number(initialize.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const header of SECURITY_HEADERS) expect(initialize.headers.has(header)).toBe(true);
    const body = (await initialize.json()) as { jsonrpc: string; error: { message: string } };
    expect(body.jsonrpc).toBe('2.0');
    expect(body.error.message).toContain(`"${user}" already holds ${MAX_SESSIONS}`);
    expect(body.error.message).toContain('MCP_MAX_SESSIONS_PER_USER');
    expect(body.error.message).toContain('DELETE /mcp');

    const sse = await fetch(`${sut.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', ...bearer() },
    });
    expect(sse.status).toBe(429);
    expect(sse.headers.get('retry-after')).toBeTruthy();
    expect(((await sse.json()) as { error: { code: number } }).error.code).toBe(-32000);

    // Another user is not affected by this user's sessions.
    const otherSession = await openStreamableSession(sut.url, otherToken);

    // Ending one session frees a slot at once.
    const ended = await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: sessions[0].headers });
    expect(ended.status).toBe(200);
    sessions[0] = await openStreamableSession(sut.url, token);

    for (const session of [...sessions, otherSession])
      await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: session.headers });
  });

  it('frees the slot of an SSE stream when the client closes it', async () => {
    const streams = [];
    for (let i = 0; i < MAX_SESSIONS; i++) {
      const controller = new AbortController();
      const response = await fetch(`${sut.url}/mcp/sse`, {
        headers: { accept: 'text/event-stream', ...bearer() },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      await response.body!.getReader().read();
      streams.push(controller);
    }
    const refused = await fetch(`${sut.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', ...bearer() },
    });
    expect(refused.status).toBe(429);
    await refused.text();
    for (const controller of streams) controller.abort();
    let reopened = 0;
    for (let attempt = 0; attempt < 50 && reopened !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await fetch(`${sut.url}/mcp/sse`, {
        headers: { accept: 'text/event-stream', ...bearer() },
      });
      reopened = response.status;
      await response.body?.cancel();
    }
    expect(reopened).toBe(200);
  });
});
