import type { Caller } from './caller.js';
import type { McpToolHandler } from './mcp-tool.js';

/**
 * Decides which tools a caller may see and call. The MCP layer asks it for tools/list and
 * before every tools/call; the auth module provides it, answering from the capabilities it
 * computed for the caller (so start-up fails when auth is on and no auth module is wired).
 */
export interface ToolAccessPolicy {
  canCall(caller: Caller, tool: McpToolHandler): boolean;
}

export const TOOL_ACCESS_POLICY = Symbol('TOOL_ACCESS_POLICY');

/** Used when no policy is provided (auth disabled): every tool is allowed. */
export const ALLOW_ALL_TOOLS: ToolAccessPolicy = { canCall: () => true };
