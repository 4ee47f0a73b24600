import {
  ADMIN_CAPABILITIES,
  mayCallTool,
  type CallerCapabilities,
  type ConfirmationRules,
  type ToolFacts,
} from '#mcp';

export const BUILT_IN_ROLES = ['viewer', 'operator', 'admin'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];
export type { ToolFacts };

/** Non-admins are asked to confirm, and refused when their client cannot be asked. */
const REFUSE_UNCONFIRMED: ConfirmationRules = {
  alwaysAsk: [],
  withoutElicitation: { '*': 'refuse' },
};

const READ_ONLY = { annotations: { readOnlyHint: true } };
const NOT_DESTRUCTIVE = { annotations: { destructiveHint: false } };

/**
 * What each built-in role may do. Tools follow their MCP annotations:
 * - viewer: read-only tools (readOnlyHint: true);
 * - operator: viewer + writes that destroy nothing (destructiveHint: false: apply, scale, rollout);
 * - admin: every tool, including destructive ones (delete).
 * MCP treats a missing destructiveHint as destructive, so only an explicit false counts as safe.
 * Only admin writes RBAC objects, Secrets and privileged pods; nobody sees Secret values unless
 * the policy file grants it (revealSecrets), because tool output goes to a language model.
 */
export const BUILT_IN_CAPABILITIES: Readonly<Record<BuiltInRole, CallerCapabilities>> = {
  viewer: {
    tools: [READ_ONLY],
    revealSecrets: false,
    writeSecrets: false,
    writeRbac: false,
    podSecurity: 'baseline',
    confirmation: REFUSE_UNCONFIRMED,
  },
  operator: {
    tools: [READ_ONLY, NOT_DESTRUCTIVE],
    revealSecrets: false,
    writeSecrets: false,
    writeRbac: false,
    podSecurity: 'baseline',
    confirmation: REFUSE_UNCONFIRMED,
  },
  admin: ADMIN_CAPABILITIES,
};

export function builtInRoleAllows(role: BuiltInRole, tool: ToolFacts): boolean {
  return mayCallTool(BUILT_IN_CAPABILITIES[role], tool);
}

export function isBuiltInRole(role: string): role is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(role);
}
