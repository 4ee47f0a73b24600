import { z } from 'zod';

import {
  McpTool,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '../registry/mcp-tool.js';

const input = z.object({
  message: z.string().max(1000).optional().describe('Echoed back'),
});

/** A side-effect-free round trip, so clients can check connectivity and auth end to end. */
@McpTool()
export class ServerPingTool implements McpToolHandler<typeof input> {
  readonly name = 'server_ping';
  readonly title = 'Ping the MCP server';
  readonly description =
    'Checks the connection: returns "pong", the server time and who you are (user, roles, namespaces). ' +
    'Example: {"message": "hello"}.';
  readonly inputSchema = input;
  readonly outputSchema = z.object({
    reply: z.string(),
    message: z.string().optional(),
    serverTime: z.string(),
    caller: z.string(),
    roles: z.array(z.string()),
    namespaces: z.array(z.string()).describe('"*" means all'),
  });
  readonly annotations = {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  };

  async call(args: z.infer<typeof input>, context: ToolCallContext): Promise<ToolResult> {
    const structured = {
      reply: 'pong',
      ...(args.message === undefined ? {} : { message: args.message }),
      serverTime: new Date().toISOString(),
      caller: context.caller.subject,
      roles: [...context.caller.roles],
      namespaces: [...context.caller.namespaces],
    };
    const echo = args.message === undefined ? '' : ` (${args.message})`;
    return {
      content: [
        {
          type: 'text',
          text:
            `pong${echo} for ${structured.caller} (roles: ${structured.roles.join(', ') || 'none'}; ` +
            `namespaces: ${structured.namespaces.join(', ') || 'none'}) at ${structured.serverTime}`,
        },
      ],
      structuredContent: structured,
    };
  }
}
