import { AccessDeniedError, type Caller } from '#mcp';

import { resourcePath, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export interface PodTemplateLike {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: { image?: string }[] };
}

interface ReplicaSetLike {
  metadata: {
    name: string;
    annotations?: Record<string, string>;
    ownerReferences?: { uid: string }[];
  };
  spec: { template: PodTemplateLike };
}

/** One revision of a Deployment: the pod template its ReplicaSet keeps. */
export interface Revision {
  revision: number;
  changeCause?: string;
  image?: string;
  template: PodTemplateLike;
}

/** The revisions of a Deployment, oldest first, from the ReplicaSets it owns. */
export async function deploymentRevisions(
  connection: ClusterConnection,
  namespace: string,
  uid: string,
  signal: AbortSignal,
): Promise<Revision[]> {
  const replicaSets = await connection.resolve('replicasets.apps');
  const list = await connection.http.json<{ items: ReplicaSetLike[] }>({
    path: resourcePath(replicaSets, namespace),
    signal,
  });
  return list.items
    .filter((set) => set.metadata.ownerReferences?.some((owner) => owner.uid === uid))
    .map((set) => {
      const annotations = set.metadata.annotations ?? {};
      const image = set.spec.template.spec?.containers?.[0]?.image;
      return {
        revision: Number(annotations[REVISION] ?? 0),
        ...(annotations[CHANGE_CAUSE] ? { changeCause: annotations[CHANGE_CAUSE] } : {}),
        ...(image ? { image } : {}),
        template: set.spec.template,
      };
    })
    .sort((a, b) => a.revision - b.revision);
}

/**
 * The revision an undo returns to (toRevision, or the one before the current), with the pod
 * template to write; undefined when it is the current one already. Refuses a template that
 * breaks the caller's Pod Security level, as kubectl_apply would refuse the same template:
 * otherwise an undo could bring back a privileged revision an admin once deployed.
 */
export function undoTarget(
  caller: Caller,
  type: ApiResource,
  label: string,
  revisions: Revision[],
  toRevision: number | undefined,
): { revision: number; template: PodTemplateLike } | undefined {
  const current = revisions[revisions.length - 1];
  const wanted = toRevision
    ? revisions.find((r) => r.revision === toRevision)
    : revisions[revisions.length - 2];
  if (!wanted) {
    throw new ToolInputError(
      toRevision
        ? `Revision ${toRevision} of ${label} not found; known revisions: ${revisions.map((r) => r.revision).join(', ')}`
        : `${label} has no previous revision to return to`,
    );
  }
  if (wanted === current) return undefined;
  const template = structuredClone(wanted.template);
  delete template.metadata?.labels?.['pod-template-hash'];
  const refusal = podSecurityRefusal(caller, type.group, type.kind, { spec: { template } });
  if (refusal) {
    throw new AccessDeniedError(
      `${label} was not rolled back to revision ${wanted.revision}: ${refusal}. Roll back to another revision, or ask an admin`,
    );
  }
  return { revision: wanted.revision, template };
}
