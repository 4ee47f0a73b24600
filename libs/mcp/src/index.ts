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
  MCP_RESOURCE_METADATA,
  McpResource,
  type McpResourceProvider,
  type ResourceContents,
  type ResourceDescriptor,
  type ResourceReadContext,
} from './registry/mcp-resource.js';
export {
  MCP_PROMPT_METADATA,
  McpPrompt,
  type McpPromptHandler,
  type PromptContext,
  type PromptMessage,
  type PromptResult,
} from './registry/mcp-prompt.js';
export {
  ALLOW_ALL_TOOLS,
  TOOL_ACCESS_POLICY,
  type ToolAccessPolicy,
} from './registry/tool-access.policy.js';
export {
  TOOL_CALL_AUDIT,
  type ToolCallAudit,
  type ToolCallRecord,
} from './registry/tool-call-audit.js';
export { McpModule } from './mcp.module.js';
export { McpRegistry } from './registry/mcp-registry.service.js';
export { describeTool } from './server/tool-descriptor.js';
export { McpStdioService } from './transport/mcp-stdio.service.js';
export { MCP_RAW_BODY, mcpBodyReader } from './transport/mcp-body.middleware.js';
export { SUPPORTED_PROTOCOL_VERSIONS } from './server/protocol-versions.js';
export {
  MAX_JSON_DEPTH,
  jsonNestsDeeperThan,
  valueNestsDeeperThan,
} from './transport/json-depth.js';
