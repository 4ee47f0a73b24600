import type { ApiResource } from '../api/api-resource.js';
import { FIELD_MANAGER } from '../api/kubernetes-http.client.js';
import { KubernetesApiError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import type { PlannedDocument } from './apply-plan.js';

export interface ServerApplyOptions {
  /** Server-side dry run: validated and defaulted by the API server, nothing stored. */
  dryRun: boolean;
  force?: boolean;
  signal: AbortSignal;
}

/**
 * Server-side apply of one placed document. Returns the live object before (undefined when
 * it does not exist) and what the server stored, or would store on a dry run.
 */
export async function serverApply(
  connection: ClusterConnection,
  plan: PlannedDocument,
  options: ServerApplyOptions,
): Promise<{ before?: KubernetesObject; after: KubernetesObject }> {
  const object = plan.object!;
  const before = await currentObject(connection, plan.path!, options.signal);
  const after = await connection.http.json<KubernetesObject>({
    method: 'PATCH',
    path: plan.path!,
    body: {
      ...object,
      metadata: {
        ...object.metadata,
        ...(plan.namespace ? { namespace: plan.namespace } : {}),
        ...(plan.expectedResourceVersion && !options.dryRun
          ? { resourceVersion: plan.expectedResourceVersion }
          : {}),
      },
    },
    contentType: 'application/apply-patch+yaml',
    signal: options.signal,
    query: {
      fieldManager: FIELD_MANAGER,
      force: options.force || undefined,
      dryRun: options.dryRun ? 'All' : undefined,
    },
  });
  return { before, after };
}

export async function currentObject(
  connection: ClusterConnection,
  path: string,
  signal: AbortSignal,
): Promise<KubernetesObject | undefined> {
  try {
    return await connection.http.json<KubernetesObject>({ path, signal });
  } catch (error) {
    if (error instanceof KubernetesApiError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/** Resolves a document's kind; a CRD applied earlier in the same request takes a moment to be served. */
export async function resolveKindWaiting(
  connection: ClusterConnection,
  object: KubernetesObject,
  waitForKind: boolean,
): Promise<ApiResource> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connection.resolveKind(object.apiVersion!, object.kind!);
    } catch (error) {
      if (!waitForKind || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** created / configured / unchanged, comparing what the server stored (or would store on a dry run). */
export function classify(
  before: KubernetesObject | undefined,
  after: KubernetesObject,
): 'created' | 'configured' | 'unchanged' {
  if (!before) return 'created';
  return comparable(before) === comparable(after) ? 'unchanged' : 'configured';
}

function comparable(object: KubernetesObject): string {
  const { metadata = {}, status: _status, ...rest } = object;
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = metadata;
  return JSON.stringify({ ...rest, metadata: meta });
}
