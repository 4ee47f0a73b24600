import { AppConfig } from '#config';
import { mayCallTool, type Caller, type CallerCapabilities, type ToolAccessPolicy } from '#mcp';
import { Injectable } from '@nestjs/common';

import { BUILT_IN_CAPABILITIES, isBuiltInRole, type ToolFacts } from './built-in-roles.js';
import { readPolicyFile, type PolicyRole } from './policy-file.js';
import { combineCapabilities, policyRoleCapabilities } from './role-capabilities.js';

/**
 * The one place that turns roles into capabilities: built-in viewer/operator/admin plus the
 * roles of AUTH_POLICY_FILE. The caller factory asks it once per identity; everything after
 * that asks the caller's capabilities (tools, namespaces, Secrets, RBAC, Pod Security,
 * confirmation).
 */
@Injectable()
export class AccessPolicy implements ToolAccessPolicy {
  private readonly roles: ReadonlyMap<string, PolicyRole>;
  private readonly capabilities: ReadonlyMap<string, CallerCapabilities>;

  constructor(config: AppConfig) {
    const path = config.auth.policyFile;
    const roles = path ? readPolicyFile(path) : [];
    this.roles = new Map(roles.map((role) => [role.name, role]));
    this.capabilities = new Map<string, CallerCapabilities>([
      ...Object.entries(BUILT_IN_CAPABILITIES),
      ...roles.map((role): [string, CallerCapabilities] => [
        role.name,
        policyRoleCapabilities(role),
      ]),
    ]);
  }

  /** The TOOL_ACCESS_POLICY port: answered from the caller's own capabilities. */
  canCall(caller: Caller, tool: ToolFacts): boolean {
    return mayCallTool(caller.capabilities, tool);
  }

  /** What the given roles together may do; unknown roles add nothing. */
  capabilitiesOf(roles: string[]): CallerCapabilities {
    return combineCapabilities(
      roles.flatMap((role) => {
        const found = this.capabilities.get(role);
        return found ? [found] : [];
      }),
    );
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
}
