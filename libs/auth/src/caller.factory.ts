import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable } from '@nestjs/common';

import { AccessPolicy } from './policy/access-policy.js';

export interface Identity {
  subject: string;
  roles: string[];
  /** Namespaces granted by the identity source; `['*']` means all. */
  namespaces: string[];
  groups?: string[];
}

/**
 * Turns a verified identity (login token, OIDC token or proxy headers) into the Caller every
 * handler sees, with its capabilities computed here, once. Roles from the policy file may
 * narrow the namespaces further.
 */
@Injectable()
export class CallerFactory {
  constructor(
    private readonly config: AppConfig,
    private readonly policy: AccessPolicy,
  ) {}

  fromIdentity(identity: Identity): Caller {
    const roles = [...new Set(identity.roles)];
    const roleLimit = this.policy.namespaceLimit(roles);
    return {
      subject: identity.subject,
      roles,
      namespaces: intersect(identity.namespaces, roleLimit),
      ...(identity.groups?.length ? { groups: identity.groups } : {}),
      capabilities: this.policy.capabilitiesOf(roles),
    };
  }

  /** Maps identity-provider groups to roles and namespaces (AUTH_GROUP_ROLES / AUTH_GROUP_NAMESPACES). */
  fromGroups(subject: string, groups: string[]): Caller {
    const { groupRoles, groupNamespaces } = this.config.auth;
    const roles = groups.flatMap((group) => groupRoles[group] ?? []);
    const namespaces =
      Object.keys(groupNamespaces).length === 0
        ? ['*']
        : groups.flatMap((group) => groupNamespaces[group] ?? []);
    return this.fromIdentity({ subject, roles, namespaces: [...new Set(namespaces)], groups });
  }
}

function intersect(granted: string[], limit: string[]): string[] {
  if (limit.includes('*')) return [...new Set(granted)];
  if (granted.includes('*')) return [...new Set(limit)];
  return [...new Set(granted.filter((namespace) => limit.includes(namespace)))];
}
