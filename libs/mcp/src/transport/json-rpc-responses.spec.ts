/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC replies are read as loose JSON. */
import { JSON_RPC, jsonRpcErrorResponse, parseJsonRpcBody } from './json-rpc-responses.js';

async function refusal(text: string): Promise<{ status: number; body: any }> {
  const result = parseJsonRpcBody(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return { status: result.response.status, body: await result.response.json() };
}

const initialize = (params: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: 'init-1', method: 'initialize', params });

describe('jsonRpcErrorResponse', () => {
  it('builds a JSON-RPC 2.0 error with status, id and extra headers', async () => {
    const sut = jsonRpcErrorResponse(404, JSON_RPC.sessionNotFound, 'gone', 7, { 'x-a': 'b' });
    expect(sut.status).toBe(404);
    expect(sut.headers.get('content-type')).toBe('application/json');
    expect(sut.headers.get('x-a')).toBe('b');
    expect(await sut.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32001, message: 'gone' },
    });
  });

  it('uses a null id when the request id is unknown', async () => {
    expect(await jsonRpcErrorResponse(400, -32700, 'bad').json()).toMatchObject({ id: null });
  });
});

describe('parseJsonRpcBody', () => {
  it('accepts a single request, a notification, a response and a batch', () => {
    const single = parseJsonRpcBody('{"jsonrpc":"2.0","id":1,"method":"tools/list"}');
    expect(single).toMatchObject({ ok: true, messages: [{ method: 'tools/list' }] });
    const batch = parseJsonRpcBody(
      '[{"jsonrpc":"2.0","method":"notifications/initialized"},{"jsonrpc":"2.0","id":"a","result":{}},' +
        '{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"x"}}]',
    );
    expect(batch.ok && batch.messages).toHaveLength(3);
  });

  it.each([
    ['', -32700, 'Parse error: the request body is not valid JSON'],
    ['{"jsonrpc":"2.0",', -32700, 'Parse error'],
    ['[]', -32600, 'an empty batch contains no JSON-RPC message'],
    ['"tools/list"', -32600, 'each message must be a JSON object'],
    ['[1]', -32600, 'each message must be a JSON object'],
    ['{"id":1,"method":"ping"}', -32600, '"jsonrpc" must be "2.0" (got undefined)'],
    ['{"jsonrpc":"1.0","id":1,"method":"ping"}', -32600, '"jsonrpc" must be "2.0" (got "1.0")'],
    ['{"jsonrpc":"2.0","id":1}', -32600, '"method" must be a string'],
    ['{"jsonrpc":"2.0","id":1,"method":7}', -32600, '"method" must be a string'],
    ['{"jsonrpc":"2.0","id":{},"method":"ping"}', -32600, '"id" must be a string or a number'],
    ['{"jsonrpc":"2.0","id":null,"method":"ping"}', -32600, '"id" must be a string or a number'],
    ['{"jsonrpc":"2.0","id":1,"method":"ping","params":"x"}', -32600, '"params" must be an object'],
  ])('refuses %p with %d and says what is wrong', async (text, code, message) => {
    const { status, body } = await refusal(text);
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toContain(message);
  });

  it('shows at most 80 characters of a wrong value, not the megabytes a caller sent', async () => {
    const { body } = await refusal(`{"jsonrpc":"${'x'.repeat(100_000)}","id":1,"method":"ping"}`);
    expect(body.error.message).toBe(
      `Invalid Request: "jsonrpc" must be "2.0" (got "${'x'.repeat(79)}... (100002 characters)).`,
    );
  });

  it('answers a framing error with the id of the bad message when it has one', async () => {
    const { body } = await refusal('{"jsonrpc":"2.0","id":"req-9","method":42}');
    expect(body.id).toBe('req-9');
  });

  it('accepts a well-formed initialize', () => {
    const text = initialize({
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'spec', version: '1.0.0' },
    });
    expect(parseJsonRpcBody(text).ok).toBe(true);
  });

  it.each([
    [undefined, '"params" must be an object'],
    [[], '"params" must be an object'],
    [{ capabilities: {}, clientInfo: { name: 'a', version: '1' } }, '"params.protocolVersion"'],
    [
      { protocolVersion: 20250618, capabilities: {}, clientInfo: { name: 'a', version: '1' } },
      '"params.protocolVersion" must be a string',
    ],
    [
      { protocolVersion: '2025-06-18', clientInfo: { name: 'a', version: '1' } },
      '"params.capabilities" must be an object',
    ],
    [{ protocolVersion: '2025-06-18', capabilities: {} }, '"params.clientInfo" must be an object'],
    [
      { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'a' } },
      'string "name" and "version"',
    ],
  ])('refuses initialize with params %p as -32602 naming the field', async (params, message) => {
    const { status, body } = await refusal(initialize(params));
    expect(status).toBe(400);
    expect(body).toMatchObject({ id: 'init-1', error: { code: -32602 } });
    expect(body.error.message).toContain('Invalid params for initialize: ');
    expect(body.error.message).toContain(message);
  });

  it.each([
    [{ level: 'loud' }, '(got "loud")'],
    [{ level: 'DEBUG' }, '(got "DEBUG")'],
    [{}, '(got undefined)'],
    [undefined, '(got undefined)'],
  ])(
    'refuses logging/setLevel with params %p as -32602 listing the levels',
    async (params, got) => {
      const text = JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'logging/setLevel', params });
      const { body } = await refusal(text);
      expect(body).toMatchObject({ id: 4, error: { code: -32602 } });
      expect(body.error.message).toBe(
        'Invalid params for logging/setLevel: "params.level" must be one of debug, info, notice, ' +
          `warning, error, critical, alert, emergency ${got}.`,
      );
    },
  );

  it('accepts every standard log level', () => {
    for (const level of ['debug', 'warning', 'emergency']) {
      const text = JSON.stringify({
        jsonrpc: '2.0',
        id: 4,
        method: 'logging/setLevel',
        params: { level },
      });
      expect(parseJsonRpcBody(text).ok).toBe(true);
    }
  });

  it.each(['toString', 'constructor', '__proto__'])(
    'leaves a method named %s to the unknown-method answer',
    (method) => {
      expect(parseJsonRpcBody(JSON.stringify({ jsonrpc: '2.0', id: 1, method })).ok).toBe(true);
    },
  );
});
