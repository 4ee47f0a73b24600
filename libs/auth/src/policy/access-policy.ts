import { AppConfig } from '#config';
import type { Caller, McpToolHandler, ToolAccessPolicy } from '#mcp';
import { Injectable } from '@nestjs/common';

import { builtInRoleAllows, isBuiltInRole, type ToolFacts } from './built-in-roles.js';
import { readPolicyFile, type PolicyRole } from './policy-file.js';

/**
 * The role-based ToolAccessPolicy: built-in viewer/operator/admin plus the roles of
 * AUTH_POLICY_FILE. A caller may call a tool when any of its roles allows it.
 */
@Injectable()
export class AccessPolicy implements ToolAccessPolicy {
  private readonly roles: ReadonlyMap<string, PolicyRole>;

  constructor(config: AppConfig) {
    const path = config.auth.policyFile;
    this.roles = new Map((path ? readPolicyFile(path) : []).map((role) => [role.name, role]));
  }

  canCall(caller: Caller, tool: McpToolHandler | ToolFacts): boolean {
    return caller.roles.some((role) => this.roleAllows(role, tool));
  }

  /** True when the role is built in or defined by the policy file. */
  knows(role: string): boolean {
    return isBuiltInRole(role) || this.roles.has(role);
  }

  /** Namespaces the given roles together allow (`['*']` when any of them is unlimited). */
  namespaceLimit(roles: string[]): string[] {
    const known = roles.filter((role) => this.knows(role));
    if (known.length === 0) return ['*'];
    const limits = known.map((role) => this.roles.get(role)?.namespaces ?? ['*']);
    if (limits.some((limit) => limit.includes('*'))) return ['*'];
    return [...new Set(limits.flat())];
  }

  private roleAllows(role: string, tool: ToolFacts): boolean {
    if (isBuiltInRole(role)) return builtInRoleAllows(role, tool);
    const custom = this.roles.get(role);
    if (!custom) return false;
    if (custom.extends.some((base) => isBuiltInRole(base) && builtInRoleAllows(base, tool)))
      return true;
    if (custom.tools.includes(tool.name)) return true;
    const wanted = Object.entries(custom.annotations ?? {});
    return (
      wanted.length > 0 &&
      wanted.every(
        ([key, value]) => annotationValue(tool, key as keyof typeof MCP_DEFAULTS) === value,
      )
    );
  }
}

// Values MCP assumes when a tool leaves an annotation out (a tool is destructive unless it says not).
const MCP_DEFAULTS = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

function annotationValue(tool: ToolFacts, key: keyof typeof MCP_DEFAULTS): boolean {
  return tool.annotations[key] ?? MCP_DEFAULTS[key];
}
