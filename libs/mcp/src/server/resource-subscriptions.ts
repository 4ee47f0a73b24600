import type { Server } from '@modelcontextprotocol/server';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { Logger } from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import type { McpRegistry } from '../registry/mcp-registry.service.js';
import { callerFrom } from './caller-auth-info.js';

const logger = new Logger('McpResourceSubscriptions');

/**
 * resources/subscribe and resources/unsubscribe for one session: the provider that owns the
 * URI watches it and each change becomes notifications/resources/updated. Subscriptions end
 * with the session.
 */
export function registerResourceSubscriptions(
  server: Server,
  registry: McpRegistry,
  connectionCaller: Caller | undefined,
): void {
  const active = new Map<string, () => void>();
  server.setRequestHandler('resources/subscribe', async (request, ctx) => {
    const uri = request.params.uri;
    if (active.has(uri)) return {};
    const provider = registry.resources().find((candidate) => candidate.canRead(uri));
    if (!provider?.subscribe) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Resource "${uri}" does not support subscriptions; read it again with resources/read instead.`,
      );
    }
    const stop = await provider.subscribe(
      uri,
      { caller: callerFrom(ctx, connectionCaller), signal: ctx.mcpReq.signal },
      () => {
        server.sendResourceUpdated({ uri }).catch((error: unknown) => {
          logger.debug(`Cannot notify update of ${uri}: ${(error as Error).message}`);
        });
      },
    );
    active.set(uri, stop);
    return {};
  });
  server.setRequestHandler('resources/unsubscribe', (request) => {
    active.get(request.params.uri)?.();
    active.delete(request.params.uri);
    return {};
  });
  const previous = server.onclose;
  server.onclose = () => {
    for (const stop of active.values()) stop();
    active.clear();
    previous?.();
  };
}
