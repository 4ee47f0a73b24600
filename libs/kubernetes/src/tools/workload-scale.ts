import { AccessDeniedError, type Caller } from '#mcp';

import { groupResourceOf, resourcePath, type ApiResource } from '../api/api-resource.js';
import { retryOnConflict } from '../api/conflict-retry.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';
import { isBuiltInWorkload, mayCarryPodTemplate } from '../pod-security/pod-templates.js';
import { resourceLabel } from './manifest-documents.js';
import { scaleUpRevisionRefusal } from './scale-up-revisions.js';

// The built-in workloads with a scale subresource; each keeps its replica count in spec.replicas.
const SCALABLE_WORKLOADS = ['deployments', 'statefulsets', 'replicasets', 'replicationcontrollers'];

export interface ScaleRequest {
  type: ApiResource;
  namespace: string | undefined;
  name: string;
  replicas: number;
  dryRun?: boolean;
}

interface CurrentScale {
  replicas: number;
  /** Set when the write must fail if the workload changed since it was checked. */
  resourceVersion?: string;
}

type ScalableObject = KubernetesObject & {
  metadata?: { resourceVersion?: string };
  spec?: { replicas?: number };
};

/**
 * The replica count now. More replicas run more pods from the object's pod template, so raising
 * the count is refused when the template breaks the caller's Pod Security level, as
 * kubectl_apply would refuse writing it: otherwise an operator could scale up the old
 * ReplicaSet of a privileged revision that rollout undo refuses, or a workload or custom
 * resource an admin made privileged. Scaling down or to the same count only reduces what runs
 * and is not checked.
 */
export async function currentScale(
  connection: ClusterConnection,
  caller: Caller,
  request: ScaleRequest,
  signal: AbortSignal,
): Promise<CurrentScale> {
  const { type, namespace, name } = request;
  const builtIn =
    SCALABLE_WORKLOADS.includes(type.resource) && isBuiltInWorkload(type.group, type.kind);
  const replicas = builtIn
    ? undefined
    : await scaleSubresourceReplicas(connection, request, signal);
  const checked =
    mayCarryPodTemplate(type.group, type.kind) && caller.capabilities.podSecurity !== 'privileged';
  if (replicas !== undefined && (request.replicas <= replicas || !checked)) return { replicas };
  const object = await connection.http.json<ScalableObject>({
    path: resourcePath(type, namespace, name),
    signal,
  });
  // A custom resource keeps its count where its definition says; the scale subresource has it.
  const current = replicas ?? object.spec?.replicas ?? 0;
  if (request.replicas <= current) return { replicas: current };
  const templateRefusal = podSecurityRefusal(caller, type.group, type.kind, object);
  const reason = templateRefusal
    ? `more replicas run more pods from its template: ${templateRefusal}`
    : await scaleUpRevisionRefusal(connection, caller, type, object, signal);
  if (reason) {
    throw new AccessDeniedError(
      `${resourceLabel(type, name)} was not scaled from ${current} to ${request.replicas} replicas, since ${reason}. Scaling down is allowed; to run more pods, scale a workload that meets the level, or ask an admin`,
    );
  }
  return { replicas: current, resourceVersion: object.metadata?.resourceVersion };
}

/** The replica count of any kind with a scale subresource, from that subresource. */
async function scaleSubresourceReplicas(
  connection: ClusterConnection,
  { type, namespace, name }: ScaleRequest,
  signal: AbortSignal,
): Promise<number> {
  const scale = await connection.http
    .json<{ spec?: { replicas?: number } }>({
      path: `${resourcePath(type, namespace, name)}/scale`,
      signal,
    })
    .catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new ToolInputError(
          `${groupResourceOf(type)} has no scale subresource (or "${name}" does not exist); scale a deployment, statefulset or replicaset`,
        );
      }
      throw error;
    });
  return scale.spec?.replicas ?? 0;
}

/**
 * Sets the replicas through the scale subresource and returns the count before. A checked
 * scale-up carries the resourceVersion it was checked at, so a template changed in between
 * makes the write fail with a conflict; the workload is then read and checked again.
 */
export async function scaleWorkload(
  connection: ClusterConnection,
  caller: Caller,
  request: ScaleRequest,
  signal: AbortSignal,
): Promise<number> {
  const path = `${resourcePath(request.type, request.namespace, request.name)}/scale`;
  return retryOnConflict(async () => {
    const current = await currentScale(connection, caller, request, signal);
    const metadata = current.resourceVersion
      ? { metadata: { resourceVersion: current.resourceVersion } }
      : {};
    await connection.http.json({
      method: 'PATCH',
      path,
      contentType: 'application/merge-patch+json',
      body: { ...metadata, spec: { replicas: request.replicas } },
      query: { dryRun: request.dryRun ? 'All' : undefined },
      signal,
    });
    return current.replicas;
  });
}
