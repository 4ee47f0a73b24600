export {
  ADMIN_CAPABILITIES,
  ANONYMOUS_ADMIN,
  POD_SECURITY_LEVELS,
  TOOL_HINTS,
  type Caller,
  type CallerCapabilities,
  type ConfirmationRules,
  type PodSecurityLevel,
  type ToolGrant,
  type ToolHint,
  type UnconfirmedCall,
} from './registry/caller.js';
export { AccessDeniedError } from './registry/access-denied.error.js';
export {
  annotationValue,
  grantAllows,
  mayCallTool,
  unconfirmedCall,
  type ToolFacts,
} from './registry/capability-checks.js';
export {
  MCP_TOOL_METADATA,
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type TextContent,
  type ToolAnnotations,
  type ToolCallContext,
  type ToolResult,
  type ToolTarget,
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
export { SessionDirectory } from './transport/session-directory.service.js';
export { MCP_RAW_BODY, mcpBodyReader } from './transport/mcp-body.middleware.js';
export { SUPPORTED_PROTOCOL_VERSIONS } from './server/protocol-versions.js';
export {
  MAX_JSON_DEPTH,
  jsonNestsDeeperThan,
  valueNestsDeeperThan,
} from './transport/json-depth.js';
export { textHead, withoutSplitPairAtEnd } from './text/text-head.js';
