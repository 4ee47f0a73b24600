import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

import { ShutdownState } from './shutdown-state.js';

const SERVICE_UNAVAILABLE = 503;
// Long enough for the Service to move new clients to another replica.
const RETRY_AFTER_SECONDS = '5';

/**
 * Counts HTTP requests in flight so that shutdown can wait for them, refuses new MCP sessions
 * once shutdown has begun and every MCP request once the drain is over. Event streams (GET with Accept: text/event-stream) are
 * not counted: they stay open for as long as the client likes and are ended by the MCP layer
 * when the application closes.
 */
@Injectable()
export class InFlightRequestsMiddleware implements NestMiddleware {
  constructor(private readonly shutdown: ShutdownState) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (this.shutdown.isShuttingDown && opensSession(req)) {
      refuse(
        req,
        res,
        'This server instance is shutting down and accepts no new sessions; retry in a few seconds to reach another replica',
      );
      return;
    }
    // Once the drain is over the sessions are being closed: a request that names one would
    // find it gone (404) although only this replica is going away.
    if (this.shutdown.isClosing && isMcpRequest(req)) {
      refuse(
        req,
        res,
        'This server instance is shutting down and has closed its sessions; start a new session in a few seconds to reach another replica',
      );
      return;
    }
    if (!isEventStream(req)) {
      const finish = this.shutdown.start();
      res.once('close', finish);
    }
    next();
  }
}

function refuse(req: Request, res: Response, message: string): void {
  res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
  res.status(SERVICE_UNAVAILABLE).json({
    jsonrpc: '2.0',
    id: jsonRpcId(req),
    error: { code: -32000, message },
  });
}

function isMcpRequest(req: Request): boolean {
  const path = req.originalUrl.split('?')[0] ?? '';
  return path === '/mcp' || path.startsWith('/mcp/');
}

function isEventStream(req: Request): boolean {
  return req.method === 'GET' && (req.header('accept') ?? '').includes('text/event-stream');
}

/** A new SSE connection, or an MCP initialize request without a session. */
function opensSession(req: Request): boolean {
  const path = req.originalUrl.split('?')[0];
  if (req.method === 'GET' && path === '/mcp/sse') return true;
  if (req.method !== 'POST' || path !== '/mcp' || req.header('mcp-session-id')) return false;
  const body: unknown = req.body;
  const messages = Array.isArray(body) ? body : [body];
  return messages.some(
    (message) =>
      typeof message === 'object' &&
      message !== null &&
      (message as { method?: unknown }).method === 'initialize',
  );
}

function jsonRpcId(req: Request): string | number | null {
  const id = (req.body as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
