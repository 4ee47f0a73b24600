import { AccessDeniedError, type Caller } from '#mcp';

import type { ApiResource } from '../api/api-resource.js';
import { retryOnConflict } from '../api/conflict-retry.js';
import type { ClusterConnection } from '../cluster-access.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { podSecurityRefusal } from '../pod-security/pod-security.js';

export type PausableDeployment = KubernetesObject & {
  metadata?: { resourceVersion?: string };
  spec?: { paused?: boolean };
};

/**
 * Refuses to resume a paused Deployment whose template breaks the caller's Pod Security level,
 * as kubectl_apply would refuse writing it: a template changed while paused is not rolled out
 * until the resume, so otherwise an operator could roll out a privileged template an admin
 * wrote. A Deployment that is not paused changes nothing and is not checked.
 */
export function assertMayResume(
  caller: Caller,
  type: ApiResource,
  label: string,
  deployment: PausableDeployment,
): void {
  if (!deployment.spec?.paused) return;
  const refusal = podSecurityRefusal(caller, type.group, type.kind, deployment);
  if (refusal) {
    throw new AccessDeniedError(
      `${label} was not resumed, since resuming rolls out its current template: ${refusal}. It stays paused; apply a template that meets the level first, or ask an admin to resume it`,
    );
  }
}

/**
 * Resumes a paused Deployment after checking its template. The write carries the
 * resourceVersion that was checked, so a template changed in between makes it fail with a
 * conflict; the Deployment is then read and checked again. Returns false when it was not paused.
 */
export async function resumeDeployment(
  connection: ClusterConnection,
  caller: Caller,
  type: ApiResource,
  label: string,
  path: string,
  deployment: PausableDeployment,
  signal: AbortSignal,
): Promise<boolean> {
  return retryOnConflict(async (attempt) => {
    const live =
      attempt === 1 ? deployment : await connection.http.json<PausableDeployment>({ path, signal });
    if (!live.spec?.paused) return false;
    assertMayResume(caller, type, label, live);
    await connection.http.json({
      method: 'PATCH',
      path,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { resourceVersion: live.metadata?.resourceVersion },
        spec: { paused: false },
      },
      signal,
    });
    return true;
  });
}
