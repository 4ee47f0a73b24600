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
