import { Injectable, Logger } from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import { McpRegistry } from '../registry/mcp-registry.service.js';
import { JSON_RPC, jsonRpcErrorResponse } from './json-rpc-responses.js';

// Each listed URI is a watch on the cluster: at most this many per listen request, and per
// user across all their open listen streams on this replica.
export const MAX_LISTEN_RESOURCES = 100;
export const MAX_WATCHES_PER_USER = 200;

type Message = Record<string, unknown>;

/**
 * Resource updates for protocol 2026-07-28. Those clients ask with `subscriptions/listen`
 * (filter `resourceSubscriptions`) instead of resources/subscribe; the SDK's handler serves
 * the listen stream itself and only relays the change events the server publishes. This
 * starts a watch per listed URI, with the caller's access checked, for as long as the listen
 * stream is open, and publishes each change. A URI that cannot be watched refuses the request.
 */
@Injectable()
export class ListenWatches {
  private readonly logger = new Logger(ListenWatches.name);
  private readonly watchesByUser = new Map<string, number>();

  constructor(private readonly registry: McpRegistry) {}

  /** HTTP: starts the watches of every listen request in a body; a Response when one is refused. */
  async start(
    messages: Message[],
    caller: Caller,
    signal: AbortSignal,
    publish: (uri: string) => void,
  ): Promise<Response | undefined> {
    for (const message of messages) {
      if (message['method'] !== 'subscriptions/listen') continue;
      const refused = await this.startOne(message, caller, signal, publish);
      if (refused) {
        // A JSON-RPC error in a 200 answer, as the SDK answers a listen request it refuses itself.
        const id = (message['id'] as string | number | undefined) ?? null;
        return jsonRpcErrorResponse(200, JSON_RPC.invalidParams, refused, id);
      }
    }
    return undefined;
  }

  /**
   * Starts the watches of one listen request, stopped when `signal` aborts (the stream ends);
   * resolves to why it is refused, or undefined.
   */
  async startOne(
    message: Message,
    caller: Caller,
    signal: AbortSignal,
    publish: (uri: string) => void,
  ): Promise<string | undefined> {
    const uris = requestedUris(message);
    if (uris.length > MAX_LISTEN_RESOURCES) {
      return (
        `subscriptions/listen names ${uris.length} resources; at most ${MAX_LISTEN_RESOURCES} ` +
        'may be watched per listen request. Split them over several requests.'
      );
    }
    const open = this.watchesByUser.get(caller.subject) ?? 0;
    if (open + uris.length > MAX_WATCHES_PER_USER) {
      return (
        `"${caller.subject}" already watches ${open} resources; at most ${MAX_WATCHES_PER_USER} ` +
        'may be watched at once. Close other subscriptions/listen streams first.'
      );
    }
    const stops: (() => void)[] = [];
    const stopAll = (): void => {
      if (stops.length === 0) return;
      this.count(caller.subject, -stops.length);
      stops.splice(0).forEach((stop) => stop());
    };
    try {
      for (const uri of uris) {
        stops.push(await this.watch(uri, caller, signal, publish));
        this.count(caller.subject, 1);
      }
    } catch (error) {
      stopAll();
      return (error as Error).message;
    }
    if (signal.aborted) stopAll();
    else signal.addEventListener('abort', stopAll, { once: true });
    if (uris.length)
      this.logger.debug(`Watching ${uris.length} resource(s) for "${caller.subject}"`);
    return undefined;
  }

  private count(subject: string, delta: number): void {
    const next = (this.watchesByUser.get(subject) ?? 0) + delta;
    if (next > 0) this.watchesByUser.set(subject, next);
    else this.watchesByUser.delete(subject);
  }

  private async watch(
    uri: string,
    caller: Caller,
    signal: AbortSignal,
    publish: (uri: string) => void,
  ): Promise<() => void> {
    const provider = this.registry.resources().find((candidate) => candidate.canRead(uri));
    if (!provider?.subscribe) {
      throw new Error(
        `Resource "${uri}" does not support subscriptions; read it again with resources/read instead.`,
      );
    }
    return provider.subscribe(uri, { caller, signal }, () => publish(uri));
  }
}

function requestedUris(message: Message): string[] {
  const params = message['params'] as { notifications?: { resourceSubscriptions?: unknown } };
  const uris = params?.notifications?.resourceSubscriptions;
  return Array.isArray(uris) ? [...new Set(uris.filter((uri) => typeof uri === 'string'))] : [];
}
