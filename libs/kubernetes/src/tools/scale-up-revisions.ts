import type { Caller } from '#mcp';

import { resourcePath, type ApiResource } from '../api/api-resource.js';
import { KubernetesApiError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import { isBuiltInWorkload } from '../pod-security/pod-templates.js';
import { resourceLabel } from './manifest-documents.js';

interface ScaledObject extends KubernetesObject {
  metadata?: { name?: string; namespace?: string; uid?: string };
  spec?: { paused?: boolean; selector?: { matchLabels?: Record<string, string> } };
  status?: { currentRevision?: string };
}

interface ReplicaSetLike extends KubernetesObject {
  metadata: { name: string; creationTimestamp?: string; ownerReferences?: { uid?: string }[] };
  spec?: { replicas?: number };
}

/**
 * Why more replicas of `object` would run pods the caller's Pod Security level refuses, from
 * revisions other than its template (which the caller of this checks): undefined when none.
 *
 * - A Deployment, and a custom resource that owns ReplicaSets (an Argo Rollout), spreads new
 *   replicas over every ReplicaSet that still runs pods: while it is paused or mid-rollout an
 *   older, possibly privileged revision gets its share. A paused one that runs none scales its
 *   newest ReplicaSet, whatever its template says.
 *
 * `object` is the object as it will be (a merged apply may pause it in the same write), with
 * the uid and status of the live one.
 * - A StatefulSet makes pods below its update partition from its current revision, which stays
 *   the old one until an update completes (or forever, with a high partition).
 */
export async function scaleUpRevisionRefusal(
  connection: ClusterConnection,
  caller: Caller,
  type: ApiResource,
  scaled: KubernetesObject,
  signal: AbortSignal,
): Promise<string | undefined> {
  if (caller.capabilities.podSecurity === 'privileged') return undefined;
  const object = scaled as ScaledObject;
  const namespace = object.metadata?.namespace;
  if (type.group === 'apps' && type.kind === 'StatefulSet')
    return currentRevisionRefusal(connection, caller, namespace, object, signal);
  const ownsReplicaSets = type.kind === 'Deployment' || !isBuiltInWorkload(type.group, type.kind);
  if (!ownsReplicaSets || !object.metadata?.uid) return undefined;
  return replicaSetRefusal(connection, caller, namespace, object, signal);
}

/** The ReplicaSets of `owner` that new replicas would go to, checked. */
async function replicaSetRefusal(
  connection: ClusterConnection,
  caller: Caller,
  namespace: string | undefined,
  owner: ScaledObject,
  signal: AbortSignal,
): Promise<string | undefined> {
  const replicaSets = await connection.resolve('replicasets.apps');
  const matchLabels = owner.spec?.selector?.matchLabels;
  const labelSelector = matchLabels
    ? Object.entries(matchLabels)
        .map(([key, value]) => `${key}=${value}`)
        .join(',')
    : undefined;
  const list = await connection.http.json<{ items: ReplicaSetLike[] }>({
    path: resourcePath(replicaSets, namespace),
    query: { labelSelector },
    signal,
  });
  const owned = list.items.filter((set) =>
    set.metadata.ownerReferences?.some((reference) => reference.uid === owner.metadata?.uid),
  );
  let receiving = owned.filter((set) => (set.spec?.replicas ?? 0) > 0);
  if (receiving.length === 0 && owner.spec?.paused) {
    const newest = owned.reduce<ReplicaSetLike | undefined>(
      (latest, set) =>
        !latest ||
        (set.metadata.creationTimestamp ?? '') > (latest.metadata.creationTimestamp ?? '')
          ? set
          : latest,
      undefined,
    );
    receiving = newest ? [newest] : [];
  }
  for (const set of receiving) {
    const refusal = podSecurityRefusal(caller, 'apps', 'ReplicaSet', set);
    if (refusal)
      return `${resourceLabel(replicaSets, set.metadata.name)} would get a share of the new replicas (it runs pods, or is the newest of a paused rollout): ${refusal}. Resume the rollout and wait until it has replaced it`;
  }
  return undefined;
}

async function currentRevisionRefusal(
  connection: ClusterConnection,
  caller: Caller,
  namespace: string | undefined,
  statefulSet: ScaledObject,
  signal: AbortSignal,
): Promise<string | undefined> {
  const name = statefulSet.status?.currentRevision;
  if (!name) return undefined;
  const revisions = await connection.resolve('controllerrevisions.apps');
  let revision: { data?: { spec?: { template?: unknown } } };
  try {
    revision = await connection.http.json({
      path: resourcePath(revisions, namespace, name),
      signal,
    });
  } catch (error) {
    if (error instanceof KubernetesApiError && error.statusCode === 404) return undefined;
    throw error;
  }
  const template = revision.data?.spec?.template;
  const refusal = podSecurityRefusal(caller, 'apps', 'StatefulSet', { spec: { template } });
  return refusal
    ? `its current revision ${name}, from which it makes pods below its update partition, breaks the level: ${refusal}. Wait until its update has completed`
    : undefined;
}
