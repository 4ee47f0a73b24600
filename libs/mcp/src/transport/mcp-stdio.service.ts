import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';
import { Injectable, Logger } from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';

/**
 * MCP over the process's stdin/stdout for a local client (Claude Desktop starting the server
 * itself). The same factory as HTTP serves every protocol version, 2026-07-28 included; the
 * one caller is the local user, so the tool policy applies to stdio as it does to HTTP.
 */
@Injectable()
export class McpStdioService {
  private readonly logger = new Logger(McpStdioService.name);

  constructor(private readonly factory: McpServerFactory) {}

  serve(caller: Caller): StdioServerHandle {
    return serveStdio(() => this.factory.create(caller), {
      onerror: (error) => this.logger.warn(`stdio: ${error.message}`),
    });
  }
}
