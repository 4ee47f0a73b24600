/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC replies are read as loose JSON in these tests. */
import { startTestApp, type TestApp } from '../support/test-app.js';
import { postJson } from './plain-json-rpc.e2e-spec.js';

const BOTH = 'application/json, text/event-stream';

/** Reads the first `data:` JSON of an SSE response, or the JSON body. */
async function firstMessage(response: Response): Promise<any> {
  const text = await response.text();
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((line) => line.startsWith('data: ') && line.length > 6);
  return JSON.parse(data!.slice(6));
}

describe('/mcp transport behaviour', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({
      MCP_MAX_BODY_BYTES: '2048',
      MCP_ALLOWED_ORIGINS: 'https://dify.example.com',
    });
  });
  afterAll(() => sut.close());

  it('serves the Dify sequence: initialize 2025-03-26 without version header, GET stream, list, call, DELETE', async () => {
    const init = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: BOTH },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 'dify', version: '1.0' },
        },
      }),
    });
    expect(init.status).toBe(200);
    const sessionId = init.headers.get('mcp-session-id')!;
    expect(sessionId).toEqual(expect.any(String));
    expect((await firstMessage(init)).result.protocolVersion).toBe('2025-03-26');
    const session = {
      'mcp-session-id': sessionId,
      'content-type': 'application/json',
      accept: BOTH,
    };
    const initialized = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);

    const stream = new AbortController();
    const get = await fetch(`${sut.url}/mcp`, {
      headers: { 'mcp-session-id': sessionId, accept: 'text/event-stream' },
      signal: stream.signal,
    });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toContain('text/event-stream');

    const list = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect((await firstMessage(list)).result.tools.length).toBeGreaterThan(0);
    const call = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'server_ping', arguments: {} },
      }),
    });
    expect((await firstMessage(call)).result.structuredContent.reply).toBe('pong');
    stream.abort();

    const end = await fetch(`${sut.url}/mcp`, {
      method: 'DELETE',
      headers: { 'mcp-session-id': sessionId },
    });
    expect(end.status).toBe(200);
    const after = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
    expect(((await after.json()) as any).error.message).toContain('not found');
  });

  it('answers in JSON when the client accepts only JSON, in SSE when it accepts event streams', async () => {
    const json = await postJson(
      sut.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { accept: 'application/json' },
    );
    expect(json.headers.get('content-type')).toContain('application/json');
    const sse = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: BOTH },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    expect((await firstMessage(sse)).result.tools.length).toBeGreaterThan(0);
  });

  it.each([
    ['malformed JSON', '{"jsonrpc": "2.0", "id": 1, "method": ', 400, -32700, 'not valid JSON'],
    [
      'wrong jsonrpc version',
      { jsonrpc: '1.0', id: 1, method: 'tools/list' },
      400,
      -32600,
      '"jsonrpc" must be "2.0"',
    ],
    ['a missing method', { jsonrpc: '2.0', id: 1 }, 400, -32600, '"method" must be a string'],
    ['an empty batch', [], 400, -32600, 'empty batch'],
    [
      'an initialize without clientInfo',
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {} },
      },
      400,
      -32602,
      'Invalid params for initialize: "params.clientInfo" must be an object',
    ],
    [
      'an unknown log level',
      { jsonrpc: '2.0', id: 3, method: 'logging/setLevel', params: { level: 'loud' } },
      400,
      -32602,
      '"params.level" must be one of debug, info, notice, warning',
    ],
  ])(
    'rejects %s with the JSON-RPC error code and a message',
    async (_name, body, status, code, message) => {
      const reply = await postJson(sut.url, body);
      expect(reply.status).toBe(status);
      expect(reply.body.error.code).toBe(code);
      expect(reply.body.error.message).toContain(message);
    },
  );

  it('claims only capabilities it implements (no list-changed: the registry is fixed at start-up)', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 6,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'capabilities-check', version: '1.0.0' },
      },
    });
    expect(reply.body.result.capabilities).toEqual({
      tools: {},
      resources: { subscribe: true },
      prompts: {},
      logging: {},
    });
  });

  it('answers an unknown method with -32601 naming it and the supported methods', async () => {
    const reply = await postJson(sut.url, { jsonrpc: '2.0', id: 7, method: 'tools/explode' });
    expect(reply.body).toMatchObject({ id: 7, error: { code: -32601 } });
    expect(reply.body.error.message).toContain('this server has no method "tools/explode"');
    expect(reply.body.error.message).toMatch(/Supported methods: .*tools\/call.*tools\/list/);
  });

  it('answers an unknown tool with -32602 naming it', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 8,
      method: 'tools/call',
      params: { name: 'no_such_tool', arguments: {} },
    });
    expect(reply.body.error.code).toBe(-32602);
    expect(reply.body.error.message).toContain('Unknown tool "no_such_tool"');
  });

  it('returns invalid tool arguments as a tool error that names the field', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'server_ping', arguments: { message: 42 } },
    });
    expect(reply.body.result.isError).toBe(true);
    expect(reply.body.result.content[0].text).toMatch(
      /Invalid arguments for tool "server_ping": message: /,
    );
  });

  it('answers bad tools/call params (no name) with -32602', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 10,
      method: 'tools/call',
      params: { arguments: {} },
    });
    expect(reply.body.error.code).toBe(-32602);
  });

  it('answers an unknown prompt and an unknown resource with -32602', async () => {
    const prompt = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 11,
      method: 'prompts/get',
      params: { name: 'nope' },
    });
    expect(prompt.body.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown prompt "nope"'),
    });
    const resource = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 12,
      method: 'resources/read',
      params: { uri: 'nope://x' },
    });
    expect(resource.body.error.code).toBe(-32602);
  });

  it('refuses an unknown session with 404 and tells the client to initialize again', async () => {
    const reply = await postJson(
      sut.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { 'mcp-session-id': 'gone' },
    );
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toContain('Start a new session');
  });

  it('refuses a foreign Origin with 403 and allows the listed one and requests without Origin', async () => {
    const body = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const evil = await postJson(sut.url, body, { origin: 'https://evil.example.com' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.message).toContain('MCP_ALLOWED_ORIGINS');
    expect((await postJson(sut.url, body, { origin: 'https://dify.example.com' })).status).toBe(
      200,
    );
    expect((await postJson(sut.url, body)).status).toBe(200);
  });

  it('refuses an oversized body with 413 naming the limit', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'server_ping', arguments: { message: 'x'.repeat(4000) } },
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error.message).toContain('2048 bytes (MCP_MAX_BODY_BYTES)');
  });

  it('refuses an unsupported MCP-Protocol-Version with 400 listing the supported ones', async () => {
    const reply = await postJson(
      sut.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { 'mcp-protocol-version': '1999-01-01' },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toContain('2024-11-05, 2026-07-28');
  });

  it('refuses a non-JSON content type with 415', async () => {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
    });
    expect(response.status).toBe(415);
  });

  it('SSE: announces the endpoint, 404s unknown sessions and 400s a missing sessionId', async () => {
    const stream = new AbortController();
    const sse = await fetch(`${sut.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream' },
      signal: stream.signal,
    });
    const reader = sse.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^event: endpoint\ndata: \/mcp\/messages\?sessionId=[0-9a-f-]{36}\n\n/);
    stream.abort();

    const unknown = await fetch(`${sut.url}/mcp/messages?sessionId=nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.message).toContain('GET /mcp/sse');
    const missing = await fetch(`${sut.url}/mcp/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    const malformed = await fetch(`${sut.url}/mcp/messages?sessionId=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(((await malformed.json()) as any).error.code).toBe(-32700);
  });
});
