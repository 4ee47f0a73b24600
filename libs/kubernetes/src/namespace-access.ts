import type { Caller } from '#mcp';

import { ToolInputError } from './api/kubernetes-api.error.js';

/** True when the caller may use every namespace (and cluster-scoped resources). */
export function hasAllNamespaces(caller: Caller): boolean {
  return caller.namespaces.includes('*');
}

/** The namespaces a limited caller may use, or undefined when all are allowed. */
export function allowedNamespaces(caller: Caller): string[] | undefined {
  return hasAllNamespaces(caller) ? undefined : [...caller.namespaces].sort();
}

export function assertNamespaceAllowed(caller: Caller, namespace: string): void {
  if (hasAllNamespaces(caller) || caller.namespaces.includes(namespace)) return;
  const allowed = caller.namespaces.length ? caller.namespaces.join(', ') : '(none)';
  throw new ToolInputError(
    `Access to namespace "${namespace}" is not allowed for ${caller.subject}; allowed namespaces: ${allowed}`,
  );
}

/** Cluster-scoped objects (nodes, CRDs, cluster roles) are only for callers with every namespace. */
export function assertClusterScopeAllowed(caller: Caller, what: string): void {
  if (hasAllNamespaces(caller)) return;
  throw new ToolInputError(
    `${what} is cluster-scoped; ${caller.subject} may only use the namespaces ${caller.namespaces.join(', ') || '(none)'}`,
  );
}

export function isAdmin(caller: Caller): boolean {
  return caller.roles.includes('admin');
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Roles, bindings and their cluster-wide forms can grant more than the caller's own role, so
 * only admins may write them through the server's credentials.
 */
export function assertRbacWriteAllowed(caller: Caller, group: string, what: string): void {
  if (group !== RBAC_GROUP || isAdmin(caller)) return;
  throw new ToolInputError(
    `${what} is an RBAC object and writing it needs the admin role (it could grant ${caller.subject} more rights than their role allows); ask an admin to apply it`,
  );
}
