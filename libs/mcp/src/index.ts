export { ANONYMOUS_ADMIN, type Caller } from './registry/caller.js';
export {
  MCP_TOOL_METADATA,
  McpTool,
  type McpToolHandler,
  type TextContent,
  type ToolAnnotations,
  type ToolCallContext,
  type ToolResult,
} from './registry/mcp-tool.js';
export {
  ALLOW_ALL_TOOLS,
  TOOL_ACCESS_POLICY,
  type ToolAccessPolicy,
} from './registry/tool-access.policy.js';
