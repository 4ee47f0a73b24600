import { userInfo } from 'node:os';

import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable } from '@nestjs/common';

import { BUILT_IN_ROLES } from '../policy/built-in-roles.js';
import { AccessPolicy } from '../policy/access-policy.js';

/**
 * Who the stdio mode acts as: the operating-system user who started the server, with the
 * roles of MCP_STDIO_ROLES (viewer unless the user opts in) and the namespaces those roles
 * allow. Kubernetes calls use that user's kubeconfig, so the cluster's RBAC still applies.
 */
@Injectable()
export class LocalUser {
  constructor(
    private readonly config: AppConfig,
    private readonly policy: AccessPolicy,
  ) {}

  caller(): Caller {
    const roles = this.config.clients.stdioRoles;
    const unknown = roles.filter((role) => !this.policy.knows(role));
    if (unknown.length > 0) {
      throw new Error(
        `MCP_STDIO_ROLES names unknown role(s) ${unknown.map((role) => `"${role}"`).join(', ')}; ` +
          `use ${BUILT_IN_ROLES.join(', ')} or a role defined in AUTH_POLICY_FILE.`,
      );
    }
    return {
      subject: localUserName(),
      roles: [...roles],
      namespaces: this.policy.namespaceLimit(roles),
      capabilities: this.policy.capabilitiesOf(roles),
    };
  }
}

function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): fall back to the environment.
    return process.env['USER'] ?? 'local';
  }
}
