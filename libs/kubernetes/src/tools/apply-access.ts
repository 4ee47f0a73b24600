import { AccessDeniedError, type Caller } from '#mcp';

import { clusterScopeRefusal, namespaceRefusal, rbacWriteRefusal } from '../namespace-access.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import type { PlannedDocument } from './apply-plan.js';

/**
 * Everything the caller's capabilities refuse in a set of documents, one line per problem
 * (namespace, cluster scope, RBAC, Secrets, Pod Security), so one answer lists all of them.
 */
export function applyRefusals(caller: Caller, plans: PlannedDocument[]): string[] {
  return plans.flatMap((plan) =>
    refusalsOf(caller, plan).map((reason) => `document ${plan.document} ${plan.label}: ${reason}`),
  );
}

/** Refuses the whole request, before anything is written, when any document is refused. */
export function assertMayApply(caller: Caller, plans: PlannedDocument[]): void {
  refuseApplyFor(applyRefusals(caller, plans));
}

/** Refuses the whole request with every reason, one per line; nothing when there is none. */
export function refuseApplyFor(refusals: string[]): void {
  if (refusals.length === 0) return;
  const list =
    refusals.length === 1 ? refusals[0] : `\n${refusals.map((line) => `- ${line}`).join('\n')}`;
  throw new AccessDeniedError(`Nothing was applied: ${list}`);
}

function refusalsOf(caller: Caller, plan: PlannedDocument): string[] {
  const type = plan.type;
  if (!type || !plan.object) return [];
  return [
    rbacWriteRefusal(caller, type.group, plan.label),
    type.namespaced
      ? namespaceRefusal(caller, plan.namespace!)
      : clusterScopeRefusal(caller, plan.label),
    type.group === '' && type.kind === 'Secret' && !caller.capabilities.writeSecrets
      ? `writing a Secret (also as a dry run or diff) needs the writeSecrets capability, because the result would confirm a value ${caller.subject} may not read; ask an admin, or use a policy role with writeSecrets: true`
      : undefined,
    // Pods and workloads must meet the caller's Pod Security level, dry runs and diffs included.
    podSecurityRefusal(caller, type.group, type.kind, plan.object),
  ].filter((reason): reason is string => reason !== undefined);
}
