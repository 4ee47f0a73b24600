import type { ToolAnnotations } from '#mcp';

export const BUILT_IN_ROLES = ['viewer', 'operator', 'admin'] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number];

export interface ToolFacts {
  name: string;
  annotations: ToolAnnotations;
}

/**
 * What each built-in role may call, decided by the tool's MCP annotations:
 * - viewer: read-only tools (readOnlyHint: true);
 * - operator: viewer + writes that destroy nothing (destructiveHint: false: apply, scale, rollout);
 * - admin: every tool, including destructive ones (delete).
 * MCP treats a missing destructiveHint as destructive, so only an explicit false counts as safe.
 */
export function builtInRoleAllows(role: BuiltInRole, tool: ToolFacts): boolean {
  const readOnly = tool.annotations.readOnlyHint === true;
  switch (role) {
    case 'viewer':
      return readOnly;
    case 'operator':
      return readOnly || tool.annotations.destructiveHint === false;
    case 'admin':
      return true;
  }
}

export function isBuiltInRole(role: string): role is BuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(role);
}
