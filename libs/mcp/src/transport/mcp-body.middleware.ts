import type { IncomingMessage, ServerResponse } from 'node:http';

/** Raw request bytes of an MCP POST, read before the framework's JSON parser can reject them. */
export const MCP_RAW_BODY = Symbol('mcpRawBody');

export type RequestWithMcpBody = IncomingMessage & { [MCP_RAW_BODY]?: Buffer; body?: unknown };

/**
 * Reads the body of requests under /mcp itself, so malformed JSON becomes a JSON-RPC parse
 * error (-32700) instead of a framework 400, and oversized bodies get a clear 413 without
 * being buffered. Mount it before the application's body parsers; they skip consumed bodies.
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
      req[MCP_RAW_BODY] = Buffer.concat(chunks);
      req.body = parsedOrUndefined(req[MCP_RAW_BODY]);
      next();
    });
    req.on('error', (error) => {
      if (!rejected) next(error);
    });
  };
}

function tooLarge(res: ServerResponse, maxBytes: number): void {
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  res.end(
    JSON.stringify({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: -32000,
        message:
          `Request body too large: the limit is ${maxBytes} bytes (MCP_MAX_BODY_BYTES). ` +
          'Send smaller messages or raise the limit.',
      },
    }),
  );
}

/** Other middleware (shutdown, audit) may look at the parsed message; bad JSON stays undefined. */
function parsedOrUndefined(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
