import type { Caller } from '#mcp';

import { resourcePath } from '../api/api-resource.js';
import type { ClusterConnection } from '../cluster-access.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import { mayCarryPodTemplate } from '../pod-security/pod-templates.js';
import { refuseApplyFor } from './apply-access.js';
import type { PlannedDocument } from './apply-plan.js';
import { currentObject, serverApply } from './apply-writer.js';
import { resourceLabel } from './manifest-documents.js';

/**
 * Refuses an apply whose result would break the caller's Pod Security level, even where the
 * documents themselves meet it. Server-side apply merges a document with the live object, so
 * one that sends only `spec.replicas` or `paused: false` starts pods from whatever template is
 * live, which an admin may have made privileged. A server-side dry run of each workload gives
 * what the write would store; that is checked, and its resourceVersion is kept so the write
 * goes through only if nobody changed the object in between. Custom resources are checked the
 * same way, by every pod spec inside them. A HorizontalPodAutoscaler is
 * checked by its target's template, since it scales that workload up by itself.
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
    if (!type || !plan.object || plan.error) continue;
    if (type.group === 'autoscaling' && type.kind === 'HorizontalPodAutoscaler') {
      const refusal = await autoscaledRefusal(connection, caller, plan, options.signal);
      if (refusal) refusals.push(`document ${plan.document} ${plan.label}: ${refusal}`);
      continue;
    }
    if (!mayCarryPodTemplate(type.group, type.kind)) continue;
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
  refuseApplyFor(refusals);
}

/**
 * An autoscaler raises its target's replica count on its own (to `minReplicas` at once), so it
 * may only target a workload whose pod template meets the caller's level, as kubectl_scale.
 */
async function autoscaledRefusal(
  connection: ClusterConnection,
  caller: Caller,
  plan: PlannedDocument,
  signal: AbortSignal,
): Promise<string | undefined> {
  const target = (plan.object!.spec as { scaleTargetRef?: Record<string, unknown> } | undefined)
    ?.scaleTargetRef;
  const { apiVersion, kind, name } = target ?? {};
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string')
    return undefined; // The API server refuses an autoscaler without a complete target.
  let type;
  try {
    type = await connection.resolveKind(apiVersion, kind);
  } catch {
    return undefined; // A kind that is not served has no pods to run.
  }
  if (!mayCarryPodTemplate(type.group, type.kind)) return undefined;
  const workload = await currentObject(
    connection,
    resourcePath(type, plan.namespace, name),
    signal,
  );
  if (!workload) return undefined;
  const refusal = podSecurityRefusal(caller, type.group, type.kind, workload);
  return refusal
    ? `it scales ${resourceLabel(type, name)}, whose pod template breaks the level: ${refusal}. Autoscale a workload that meets the level, or ask an admin`
    : undefined;
}
