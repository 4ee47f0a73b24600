import type { ServerResponse } from 'node:http';

import type { AuthInfo, JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

/**
 * The HTTP+SSE transport of protocol 2024-11-05: one long-lived `text/event-stream` response
 * carries every server message; the client POSTs its messages to the URL announced in the
 * first `endpoint` event. The v2 SDK no longer ships a server side for it, so this adapts a
 * Node response to the SDK's Transport interface.
 */
export class SseServerTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  private keepAlive?: NodeJS.Timeout;
  private closed = false;

  constructor(
    readonly sessionId: string,
    private readonly res: ServerResponse,
    private readonly endpoint: string,
    private readonly keepAliveMs: number,
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'mcp-session-id': this.sessionId,
    });
    this.res.write(`event: endpoint\ndata: ${this.endpoint}\n\n`);
    if (this.keepAliveMs > 0) {
      this.keepAlive = setInterval(() => this.res.write(': keepalive\n\n'), this.keepAliveMs);
      this.keepAlive.unref();
    }
    this.res.on('close', () => void this.close());
  }

  /** A message the client POSTed (to this process or, through Redis, to another replica). */
  receive(message: JSONRPCMessage, authInfo: AuthInfo): void {
    this.onmessage?.(message, { authInfo });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (!this.res.writableEnded) this.res.end();
    this.onclose?.();
  }
}
