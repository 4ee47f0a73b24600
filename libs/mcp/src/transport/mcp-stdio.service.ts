import type { Server } from '@modelcontextprotocol/server';
import {
  serveStdio,
  StdioServerTransport,
  type StdioServerHandle,
} from '@modelcontextprotocol/server/stdio';
import { Injectable, Logger } from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import { ListenAwareStdioTransport } from './listen-aware-stdio.transport.js';
import { ListenWatches } from './listen-watches.js';

/**
 * MCP over the process's stdin/stdout for a local client (Claude Desktop starting the server
 * itself). The same factory as HTTP serves every protocol version, 2026-07-28 included; the
 * one caller is the local user, so the tool policy applies to stdio as it does to HTTP.
 */
@Injectable()
export class McpStdioService {
  private readonly logger = new Logger(McpStdioService.name);

  constructor(
    private readonly factory: McpServerFactory,
    private readonly listens: ListenWatches,
  ) {}

  serve(caller: Caller): StdioServerHandle {
    // The connection's one server instance, which the entry routes change notifications from.
    let server: Server | undefined;
    const transport = new ListenAwareStdioTransport(new StdioServerTransport(), (message, signal) =>
      this.listens.startOne(message, caller, signal, (uri) => {
        server?.sendResourceUpdated({ uri }).catch((error: unknown) => {
          this.logger.debug(`Cannot notify update of ${uri}: ${(error as Error).message}`);
        });
      }),
    );
    return serveStdio(
      () => {
        server = this.factory.create(caller);
        return server;
      },
      { transport, onerror: (error) => this.logger.warn(`stdio: ${error.message}`) },
    );
  }
}
