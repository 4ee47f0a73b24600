import {
  isJSONRPCNotification,
  isJSONRPCRequest,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';

import { JSON_RPC } from './json-rpc-responses.js';

type StartWatches = (
  message: Record<string, unknown>,
  signal: AbortSignal,
) => Promise<string | undefined>;

/**
 * The stdio wire, with the watches behind 2026-07-28 `subscriptions/listen`. The SDK's stdio
 * entry answers listen requests itself and routes change notifications onto them; before one
 * reaches it, the watches it names are started (or the request is refused with the reason).
 * Cancelling that request, or the end of the connection, stops them. Messages are handed on
 * in the order they arrived.
 */
export class ListenAwareStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;

  private readonly listening = new Map<string | number, AbortController>();
  private received: Promise<void> = Promise.resolve();

  constructor(
    private readonly wire: Transport,
    private readonly startWatches: StartWatches,
  ) {
    wire.onmessage = (message, extra) => {
      this.received = this.received.then(() => this.receive(message, extra));
    };
    wire.onclose = () => {
      this.stopAll();
      this.onclose?.();
    };
    wire.onerror = (error) => this.onerror?.(error);
  }

  start(): Promise<void> {
    return this.wire.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.wire.send(message, options);
  }

  close(): Promise<void> {
    this.stopAll();
    return this.wire.close();
  }

  private async receive(message: JSONRPCMessage, extra?: MessageExtraInfo): Promise<void> {
    if (isJSONRPCRequest(message) && message.method === 'subscriptions/listen') {
      const stop = new AbortController();
      const refused = await this.startWatches(message as Record<string, unknown>, stop.signal);
      if (refused) {
        await this.wire.send({
          jsonrpc: '2.0',
          id: message.id,
          error: { code: JSON_RPC.invalidParams, message: refused },
        });
        return;
      }
      this.listening.set(message.id, stop);
    } else if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: string | number } | undefined)?.requestId;
      if (id !== undefined) {
        this.listening.get(id)?.abort();
        this.listening.delete(id);
      }
    }
    this.onmessage?.(message, extra);
  }

  private stopAll(): void {
    for (const stop of this.listening.values()) stop.abort();
    this.listening.clear();
  }
}
