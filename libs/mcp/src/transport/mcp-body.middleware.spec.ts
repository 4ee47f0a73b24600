import { jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

import { MCP_RAW_BODY, mcpBodyReader, type RequestWithMcpBody } from './mcp-body.middleware.js';

interface FakeRequest extends EventEmitter {
  method: string;
  headers: Record<string, string>;
  paused: boolean;
  pause(): void;
}

function request(method: string, headers: Record<string, string> = {}): FakeRequest {
  return Object.assign(new EventEmitter(), {
    method,
    headers,
    paused: false,
    pause(this: FakeRequest) {
      this.paused = true;
    },
  });
}

function response() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    writeHead: (status: number, headers: Record<string, string>) => {
      sent.status = status;
      sent.headers = headers;
    },
    end: (body: string) => {
      sent.body = body;
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

function run(sut: ReturnType<typeof mcpBodyReader>, req: FakeRequest) {
  const { res, sent } = response();
  const next = jest.fn();
  sut(req as unknown as RequestWithMcpBody, res, next);
  return { sent, next, body: () => req as unknown as RequestWithMcpBody };
}

describe('mcpBodyReader', () => {
  const sut = mcpBodyReader(16);

  it('passes requests other than POST straight on without reading them', () => {
    const { next } = run(sut, request('GET'));
    expect(next).toHaveBeenCalledWith();
  });

  it('keeps the raw bytes and the parsed JSON of a body within the limit', () => {
    const req = request('POST');
    const { next, body, sent } = run(sut, req);
    req.emit('data', Buffer.from('{"a":'));
    req.emit('data', Buffer.from('[1,2]}'));
    req.emit('end');
    expect(next).toHaveBeenCalledWith();
    expect(sent.status).toBe(0);
    expect(body()[MCP_RAW_BODY]?.toString()).toBe('{"a":[1,2]}');
    expect(body().body).toEqual({ a: [1, 2] });
  });

  it('accepts a body of exactly the limit', () => {
    const req = request('POST');
    const { next } = run(sut, req);
    req.emit('data', Buffer.alloc(16, 'x'));
    req.emit('end');
    expect(next).toHaveBeenCalledWith();
  });

  it('leaves the parsed body undefined for bad JSON, so the parse error comes later', () => {
    const req = request('POST');
    const { next, body } = run(sut, req);
    req.emit('data', Buffer.from('{nope'));
    req.emit('end');
    expect(next).toHaveBeenCalledWith();
    expect(body().body).toBeUndefined();
    expect(body()[MCP_RAW_BODY]?.toString()).toBe('{nope');
  });

  it('answers 413 from Content-Length alone, naming the limit and the variable', () => {
    const { next, sent } = run(sut, request('POST', { 'content-length': '17' }));
    expect(next).not.toHaveBeenCalled();
    expect(sent.status).toBe(413);
    expect(sent.headers).toMatchObject({ connection: 'close' });
    expect(JSON.parse(sent.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32000,
        message:
          'Request body too large: the limit is 16 bytes (MCP_MAX_BODY_BYTES). ' +
          'Send smaller messages or raise the limit.',
      },
    });
  });

  it('answers 413 once a body without Content-Length grows past the limit, and stops reading', () => {
    const req = request('POST');
    const { next, sent } = run(sut, req);
    req.emit('data', Buffer.alloc(10));
    req.emit('data', Buffer.alloc(10));
    req.emit('data', Buffer.alloc(10));
    req.emit('end');
    expect(sent.status).toBe(413);
    expect(req.paused).toBe(true);
    expect(next).not.toHaveBeenCalled();
  });

  it('ignores a Content-Length that is not a number and measures the bytes instead', () => {
    const req = request('POST', { 'content-length': 'lots' });
    const { next } = run(sut, req);
    req.emit('data', Buffer.from('{}'));
    req.emit('end');
    expect(next).toHaveBeenCalledWith();
  });

  it('answers -32600 to JSON nested 10,000 levels deep in params or jsonrpc, without parsing it', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const message of [
      `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"a":${deep}}}`,
      `{"jsonrpc":${deep},"id":1,"method":"ping"}`,
    ]) {
      const req = request('POST');
      const { next, sent, body } = run(mcpBodyReader(1_000_000), req);
      req.emit('data', Buffer.from(message));
      req.emit('end');
      expect(next).not.toHaveBeenCalled();
      expect(body().body).toBeUndefined();
      expect(sent.status).toBe(400);
      expect(JSON.parse(sent.body)).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: -32600,
          message:
            'Invalid Request: JSON nested more than 64 levels deep. ' +
            'Send JSON-RPC messages whose params and arguments nest less deeply.',
        },
      });
    }
  });

  it('hands a stream error to the framework', () => {
    const req = request('POST');
    const { next } = run(sut, req);
    const failure = new Error('socket hang up');
    req.emit('error', failure);
    expect(next).toHaveBeenCalledWith(failure);
  });
});
