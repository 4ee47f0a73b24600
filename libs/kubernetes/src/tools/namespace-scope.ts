import type { Caller } from '#mcp';

import { groupResourceOf, type ApiResource } from '../api/api-resource.js';
import type { ClusterConnection } from '../cluster-access.js';
import type { ErrorTarget } from '../kubernetes-errors.js';
import {
  allowedNamespaces,
  assertClusterScopeAllowed,
  assertNamespaceAllowed,
} from '../namespace-access.js';

export interface NamespaceScope {
  /** Namespaces to query; `[undefined]` means the whole cluster (or a cluster-scoped type). */
  namespaces: (string | undefined)[];
  /** For a limited caller listing namespaces: only these may be shown. */
  onlyNames?: string[];
  /** True when several namespaces are queried, so output needs a NAMESPACE column. */
  acrossNamespaces: boolean;
}

/**
 * Decides which namespaces a request touches and enforces the caller's namespace limits:
 * a limited caller asking for all namespaces gets its own namespaces only, and cluster-scoped
 * types (except the namespaces it may use) are refused.
 */
export function resolveNamespaceScope(
  caller: Caller,
  connection: ClusterConnection,
  type: ApiResource,
  request: { namespace?: string; allNamespaces?: boolean; name?: string },
  target: ErrorTarget = {},
): NamespaceScope {
  // The target is filled in before any check, so a refusal is audited with what was asked for.
  Object.assign(target, { type, name: request.name });
  const allowed = allowedNamespaces(caller);
  if (!type.namespaced) {
    if (type.resource === 'namespaces' && type.group === '' && allowed) {
      if (request.name) assertNamespaceAllowed(caller, request.name);
      return { namespaces: [undefined], onlyNames: allowed, acrossNamespaces: false };
    }
    assertClusterScopeAllowed(caller, groupResourceOf(type));
    return { namespaces: [undefined], acrossNamespaces: false };
  }
  if (request.allNamespaces && !request.name) {
    target.namespace = '*';
    return { namespaces: allowed ?? [undefined], acrossNamespaces: true };
  }
  const namespace = request.namespace ?? connection.defaultNamespace;
  target.namespace = namespace;
  assertNamespaceAllowed(caller, namespace);
  return { namespaces: [namespace], acrossNamespaces: false };
}
