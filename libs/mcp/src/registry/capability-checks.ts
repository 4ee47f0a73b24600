import type {
  CallerCapabilities,
  ConfirmationRules,
  ToolGrant,
  ToolHint,
  UnconfirmedCall,
} from './caller.js';
import type { ToolAnnotations } from './mcp-tool.js';

/** What an access decision needs to know about a tool. */
export interface ToolFacts {
  name: string;
  annotations: ToolAnnotations;
}

// Values MCP assumes when a tool leaves an annotation out (a tool is destructive unless it says not).
const MCP_DEFAULTS: Record<ToolHint, boolean> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

export function annotationValue(tool: ToolFacts, hint: ToolHint): boolean {
  return tool.annotations[hint] ?? MCP_DEFAULTS[hint];
}

export function grantAllows(grant: ToolGrant, tool: ToolFacts): boolean {
  const names = grant.tools ?? [];
  if (names.includes('*') || names.includes(tool.name)) return true;
  const wanted = Object.entries(grant.annotations ?? {}) as [ToolHint, boolean][];
  return (
    wanted.length > 0 && wanted.every(([hint, value]) => annotationValue(tool, hint) === value)
  );
}

/** True when any of the caller's tool grants allows the tool. */
export function mayCallTool(capabilities: CallerCapabilities, tool: ToolFacts): boolean {
  return capabilities.tools.some((grant) => grantAllows(grant, tool));
}

/** What the rules say about an unconfirmed call of a tool when the client cannot be asked. */
export function unconfirmedCall(rules: ConfirmationRules, tool: string): UnconfirmedCall {
  return rules.withoutElicitation[tool] ?? rules.withoutElicitation['*'] ?? 'refuse';
}
