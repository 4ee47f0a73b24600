import { AccessDeniedError, type Caller } from '#mcp';

/**
 * Questions about where a caller may act, answered from its capabilities. Each `...Refusal`
 * returns the reason a request is refused (or undefined), and each `assert...` throws it as
 * the AccessDeniedError the tool invoker records as `denied`.
 */

/** True when the caller may use every namespace (and cluster-scoped resources). */
export function hasAllNamespaces(caller: Caller): boolean {
  return caller.namespaces.includes('*');
}

/** The namespaces a limited caller may use, or undefined when all are allowed. */
export function allowedNamespaces(caller: Caller): string[] | undefined {
  return hasAllNamespaces(caller) ? undefined : [...caller.namespaces].sort();
}

/**
 * The namespace a request that names none uses for a caller limited to exactly one: its own,
 * rather than the server's default (which it could not use anyway).
 */
export function soleNamespace(caller: Caller | undefined): string | undefined {
  const namespaces = caller?.namespaces ?? [];
  return namespaces.length === 1 && namespaces[0] !== '*' ? namespaces[0] : undefined;
}

export function namespaceRefusal(caller: Caller, namespace: string): string | undefined {
  if (hasAllNamespaces(caller) || caller.namespaces.includes(namespace)) return undefined;
  const allowed = caller.namespaces.length ? caller.namespaces.join(', ') : '(none)';
  return `Access to namespace "${namespace}" is not allowed for ${caller.subject}; allowed namespaces: ${allowed}`;
}

/** Cluster-scoped objects (nodes, CRDs, cluster roles) are only for callers with every namespace. */
export function clusterScopeRefusal(caller: Caller, what: string): string | undefined {
  if (hasAllNamespaces(caller)) return undefined;
  return `${what} is cluster-scoped; ${caller.subject} may only use the namespaces ${caller.namespaces.join(', ') || '(none)'}`;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * Roles, bindings and their cluster-wide forms can grant more than the caller's own role, so
 * only callers with the writeRbac capability may write them through the server's credentials.
 */
export function rbacWriteRefusal(caller: Caller, group: string, what: string): string | undefined {
  if (group !== RBAC_GROUP || caller.capabilities.writeRbac) return undefined;
  return `${what} is an RBAC object and writing it needs the admin role or a policy role with writeRbac: true (it could grant ${caller.subject} more rights than their role allows); ask an admin to apply it`;
}

export function assertNamespaceAllowed(caller: Caller, namespace: string): void {
  refuseIf(namespaceRefusal(caller, namespace));
}

export function assertClusterScopeAllowed(caller: Caller, what: string): void {
  refuseIf(clusterScopeRefusal(caller, what));
}

export function assertRbacWriteAllowed(caller: Caller, group: string, what: string): void {
  refuseIf(rbacWriteRefusal(caller, group, what));
}

function refuseIf(reason: string | undefined): void {
  if (reason !== undefined) throw new AccessDeniedError(reason);
}
