import { AccessDeniedError, type Caller } from '#mcp';

import type { ClusterConnection } from '../cluster-access.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import { carriesPodTemplate } from '../pod-security/pod-templates.js';
import type { PlannedDocument } from './apply-plan.js';
import { serverApply } from './apply-writer.js';

/**
 * Refuses an apply whose result would break the caller's Pod Security level, even where the
 * documents themselves meet it. Server-side apply merges a document with the live object, so
 * one that sends only `spec.replicas` or `paused: false` starts pods from whatever template is
 * live, which an admin may have made privileged. A server-side dry run of each workload gives
 * what the write would store; that is checked, and its resourceVersion is kept so the write
 * goes through only if nobody changed the object in between.
 */
export async function assertResultsMeetPodSecurity(
  connection: ClusterConnection,
  caller: Caller,
  plans: PlannedDocument[],
  options: { force?: boolean; signal: AbortSignal },
): Promise<void> {
  // Nothing is refused at the privileged level: no dry runs to make.
  if (caller.capabilities.podSecurity === 'privileged') return;
  const refusals: string[] = [];
  for (const plan of plans) {
    const type = plan.type;
    if (!type || !plan.object || plan.error || !carriesPodTemplate(type.group, type.kind)) continue;
    let result;
    try {
      result = await serverApply(connection, plan, { ...options, dryRun: true });
    } catch {
      // The write itself fails the same way and reports why, document by document.
      continue;
    }
    if (!result.before) continue;
    const refusal = podSecurityRefusal(caller, type.group, type.kind, result.after);
    if (refusal) {
      refusals.push(
        `document ${plan.document} ${plan.label}: merged with the live object, the result breaks the level: ${refusal}. Apply a complete pod template that meets the level, or ask an admin`,
      );
    }
    const version = result.before.metadata?.resourceVersion;
    plan.expectedResourceVersion = typeof version === 'string' ? version : undefined;
  }
  if (refusals.length === 0) return;
  const list =
    refusals.length === 1 ? refusals[0] : `\n${refusals.map((line) => `- ${line}`).join('\n')}`;
  throw new AccessDeniedError(`Nothing was applied: ${list}`);
}
