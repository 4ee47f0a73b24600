import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { McpController } from './mcp.controller.js';
import { McpRegistry } from './registry/mcp-registry.service.js';
import { McpServerFactory } from './server/mcp-server.factory.js';
import { ToolInvoker } from './server/tool-invoker.service.js';
import { ServerPingTool } from './tools/server-ping.tool.js';
import { ListenWatches } from './transport/listen-watches.js';
import { McpHttpService } from './transport/mcp-http.service.js';
import { McpStdioService } from './transport/mcp-stdio.service.js';
import { OriginPolicy } from './transport/origin-policy.js';
import { SessionDirectory } from './transport/session-directory.service.js';
import { SessionQuota } from './transport/session-quota.service.js';
import { SseSessions } from './transport/sse-sessions.service.js';
import { StreamableSessions } from './transport/streamable-sessions.service.js';

/**
 * MCP over HTTP. Tools, resources and prompts come from any module through decorator
 * discovery (@McpTool, @McpResource, @McpPrompt); the access policy from TOOL_ACCESS_POLICY.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [McpController],
  providers: [
    McpRegistry,
    ToolInvoker,
    McpServerFactory,
    ServerPingTool,
    OriginPolicy,
    SessionDirectory,
    SessionQuota,
    StreamableSessions,
    SseSessions,
    ListenWatches,
    McpHttpService,
    McpStdioService,
  ],
  exports: [McpRegistry, McpStdioService],
})
export class McpModule {}
