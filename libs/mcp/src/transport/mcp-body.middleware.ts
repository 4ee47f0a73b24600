import type { IncomingMessage, ServerResponse } from 'node:http';

import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from './json-depth.js';

/** Raw request bytes of an MCP POST, read before the framework's JSON parser can reject them. */
export const MCP_RAW_BODY = Symbol('mcpRawBody');

export type RequestWithMcpBody = IncomingMessage & { [MCP_RAW_BODY]?: Buffer; body?: unknown };

/**
 * Reads the body of requests under /mcp itself, so malformed JSON becomes a JSON-RPC parse
 * error (-32700) instead of a framework 400, oversized bodies get a clear 413 without being
 * buffered, and JSON nested deeper than MAX_JSON_DEPTH gets -32600 before it is parsed.
 * Mount it before the application's body parsers; they skip consumed bodies.
 */
export function mcpBodyReader(maxBytes: number) {
  return (req: RequestWithMcpBody, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (req.method !== 'POST') return next();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(res, maxBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes && !rejected) {
        rejected = true;
        tooLarge(res, maxBytes);
        req.pause();
        return;
      }
      if (!rejected) chunks.push(chunk);
    });
    req.on('end', () => {
      if (rejected) return;
      const raw = Buffer.concat(chunks);
      if (jsonNestsDeeperThan(raw)) return tooDeep(res);
      req[MCP_RAW_BODY] = raw;
      req.body = parsedOrUndefined(raw);
      next();
    });
    req.on('error', (error) => {
      if (!rejected) next(error);
    });
  };
}

function tooLarge(res: ServerResponse, maxBytes: number): void {
  jsonRpcError(
    res,
    413,
    -32000,
    `Request body too large: the limit is ${maxBytes} bytes (MCP_MAX_BODY_BYTES). ` +
      'Send smaller messages or raise the limit.',
  );
}

function tooDeep(res: ServerResponse): void {
  jsonRpcError(
    res,
    400,
    -32600,
    `Invalid Request: JSON nested more than ${MAX_JSON_DEPTH} levels deep. ` +
      'Send JSON-RPC messages whose params and arguments nest less deeply.',
  );
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}

/** Other middleware (shutdown, audit) may look at the parsed message; bad JSON stays undefined. */
function parsedOrUndefined(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
