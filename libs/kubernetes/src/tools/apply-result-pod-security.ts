import type { Caller } from '#mcp';

import { groupOfApiVersion, resourcePath, type ApiResource } from '../api/api-resource.js';
import type { ClusterConnection } from '../cluster-access.js';
import { describeKubernetesError } from '../kubernetes-errors.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import { isBuiltInGroup, mayCarryPodTemplate } from '../pod-security/pod-templates.js';
import { refuseApplyFor } from './apply-access.js';
import type { PlannedDocument } from './apply-plan.js';
import { currentObject, serverApply } from './apply-writer.js';
import { resourceLabel } from './manifest-documents.js';
import { scaleUpRevisionRefusal } from './scale-up-revisions.js';

interface CheckOptions {
  force?: boolean;
  signal: AbortSignal;
}

/**
 * Refuses an apply whose result would break the caller's Pod Security level, even where the
 * documents themselves meet it. Server-side apply merges a document with the live object, so
 * one that sends only `spec.replicas` or `paused: false` starts pods from whatever template is
 * live, which an admin may have made privileged. A server-side dry run of each workload (and
 * custom resource) gives what the write would store; that is checked, and its resourceVersion
 * is kept so the write goes through only if nobody changed the object in between. More
 * replicas are checked against the older revisions that would run them too, and a
 * HorizontalPodAutoscaler by its target, since it scales that workload up by itself.
 *
 * A document whose dry run fails is not written (fails closed): its result is the dry run's
 * error, as the write's would most often be.
 */
export async function assertResultsMeetPodSecurity(
  connection: ClusterConnection,
  caller: Caller,
  plans: PlannedDocument[],
  options: CheckOptions,
): Promise<void> {
  // Nothing is refused at the privileged level: no dry runs to make.
  if (caller.capabilities.podSecurity === 'privileged') return;
  const refusals: string[] = [];
  for (const plan of plans) {
    const type = plan.type;
    if (!type || !plan.object || plan.error) continue;
    if (!scalesOthers(type) && !mayCarryPodTemplate(type.group, type.kind)) continue;
    let result;
    try {
      result = await serverApply(connection, plan, { ...options, dryRun: true });
    } catch (error) {
      plan.error = describeKubernetesError(error, { type, namespace: plan.namespace });
      continue;
    }
    const version = result.before?.metadata?.resourceVersion;
    plan.expectedResourceVersion = typeof version === 'string' ? version : undefined;
    const refusal =
      (await mergedRefusal(connection, caller, plan, result, options.signal)) ??
      (await referencedRefusal(connection, caller, plan, plans, result.after, options.signal));
    if (refusal) refusals.push(`document ${plan.document} ${plan.label}: ${refusal}`);
  }
  refuseApplyFor(refusals);
}

const replicasOf = (object: KubernetesObject | undefined): number => {
  const replicas = (object?.spec as { replicas?: unknown } | undefined)?.replicas;
  return typeof replicas === 'number' ? replicas : 0;
};

async function mergedRefusal(
  connection: ClusterConnection,
  caller: Caller,
  plan: PlannedDocument,
  { before, after }: { before?: KubernetesObject; after: KubernetesObject },
  signal: AbortSignal,
): Promise<string | undefined> {
  // A new object is the document itself, which was checked on its own.
  if (!before) return undefined;
  const type = plan.type!;
  if (!mayCarryPodTemplate(type.group, type.kind)) return undefined;
  const refusal = podSecurityRefusal(caller, type.group, type.kind, after);
  if (refusal)
    return `merged with the live object, the result breaks the level: ${refusal}. Apply a complete pod template that meets the level, or ask an admin`;
  if (replicasOf(after) <= replicasOf(before)) return undefined;
  // As it will be (an apply may pause it in the same write), with the live uid and status.
  const merged = { ...before, spec: after.spec };
  const revisions = await scaleUpRevisionRefusal(connection, caller, type, merged, signal);
  return revisions
    ? `it raises the replicas from ${replicasOf(before)} to ${replicasOf(after)}, and ${revisions}`
    : undefined;
}

const isAutoscaler = (type: ApiResource): boolean =>
  type.group === 'autoscaling' && type.kind === 'HorizontalPodAutoscaler';

/** An autoscaler, or a custom resource, which may name a workload to scale or run. */
const scalesOthers = (type: ApiResource): boolean =>
  isAutoscaler(type) || !isBuiltInGroup(type.group);

// Where kinds name the workload they scale or run: an autoscaler's or a KEDA ScaledObject's
// scaleTargetRef, an Argo Rollout's workloadRef.
const REFERENCE_FIELDS = ['scaleTargetRef', 'workloadRef'];

/**
 * An autoscaler raises its target's replica count on its own (to `minReplicas` at once), and a
 * custom resource may scale a workload too (KEDA) or run its template (an Argo Rollout's
 * workloadRef), so each may only name a workload whose pods meet the caller's level, as
 * kubectl_scale. The reference is the one the write would store (a document may send only part
 * of a live object).
 */
async function referencedRefusal(
  connection: ClusterConnection,
  caller: Caller,
  plan: PlannedDocument,
  plans: PlannedDocument[],
  merged: KubernetesObject,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (!scalesOthers(plan.type!)) return undefined;
  const spec = (merged.spec ?? {}) as Record<string, unknown>;
  const fields = isAutoscaler(plan.type!) ? ['scaleTargetRef'] : REFERENCE_FIELDS;
  for (const field of fields) {
    const reference = spec[field];
    if (isAutoscaler(plan.type!) || (reference && typeof reference === 'object')) {
      const refusal = await targetRefusal(
        connection,
        caller,
        plan,
        plans,
        (reference ?? {}) as Record<string, unknown>,
        signal,
      );
      if (refusal) return refusal;
    }
  }
  return undefined;
}

/**
 * The target is read at the version the cluster serves (controllers find it by group and kind).
 * A live target is checked whatever the manifest says of it. One that does not exist yet could
 * later be one an admin makes privileged, so it must be created by an earlier document of the
 * same manifest (checked as a document of its own); the referring document is then written
 * only if that one was.
 */
async function targetRefusal(
  connection: ClusterConnection,
  caller: Caller,
  plan: PlannedDocument,
  plans: PlannedDocument[],
  target: Record<string, unknown>,
  signal: AbortSignal,
): Promise<string | undefined> {
  const { apiVersion, kind, name } = target;
  if (typeof kind !== 'string' || typeof name !== 'string')
    return 'its target reference names no kind and name to check';
  const version = typeof apiVersion === 'string' ? apiVersion : '';
  const creator = plans.find(
    (other) =>
      other.document < plan.document &&
      !other.error &&
      other.object?.kind === kind &&
      other.object.metadata?.name === name &&
      groupOfApiVersion(other.object.apiVersion ?? '') === groupOfApiVersion(version) &&
      other.namespace === plan.namespace,
  );
  const createdFirst = (): string | undefined => {
    if (!creator)
      return `its target ${kind} "${name}" does not exist; apply the workload first, or before it in the same manifest`;
    plan.requires = creator;
    return undefined;
  };
  let type;
  try {
    type = await connection.resolveKind(version, kind, { servedVersion: true });
  } catch {
    // A kind whose definition comes in the same manifest.
    return createdFirst();
  }
  if (!mayCarryPodTemplate(type.group, type.kind)) return undefined;
  const workload = await currentObject(
    connection,
    resourcePath(type, plan.namespace, name),
    signal,
  );
  if (!workload) return createdFirst();
  const label = resourceLabel(type, name);
  const refusal = podSecurityRefusal(caller, type.group, type.kind, workload);
  if (refusal)
    return `it scales ${label}, whose pod template breaks the level: ${refusal}. Autoscale a workload that meets the level, or ask an admin`;
  const revisions = await scaleUpRevisionRefusal(connection, caller, type, workload, signal);
  return revisions ? `it scales ${label}, and ${revisions}` : undefined;
}
