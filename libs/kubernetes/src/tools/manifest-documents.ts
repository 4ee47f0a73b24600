import type { KubernetesObject } from '../output/sanitize-object.js';
import { groupOfApiVersion, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { parseYamlDocuments } from './manifest-parser.js';

/**
 * Documents one apply may hold. Each is read, checked and written in turn (workloads and custom
 * resources with a dry run first), so a 1 MiB manifest of tiny documents would mean tens of
 * thousands of API requests in one call. Rendered Helm charts hold a few hundred at most.
 */
export const MAX_MANIFEST_DOCUMENTS = 500;

export type ParsedDocument =
  | { index: number; object: KubernetesObject; error?: undefined }
  | { index: number; object?: undefined; error: string };

/**
 * Splits YAML (one or many `---` documents) or JSON (an object, an array or a `List`) into
 * objects, reporting each unusable document by its 1-based position instead of failing all.
 */
export async function parseManifest(source: string): Promise<ParsedDocument[]> {
  const results: ParsedDocument[] = [];
  let index = 0;
  const add = (value: unknown, error?: string) => {
    index++;
    if (error) return results.push({ index, error });
    const problem = checkObject(value);
    results.push(
      problem ? { index, error: problem } : { index, object: value as KubernetesObject },
    );
  };
  for (const document of await parseYamlDocuments(source)) {
    if ('error' in document) {
      add(undefined, document.error);
      continue;
    }
    if (document.value === null || document.value === undefined) continue;
    for (const item of flatten(document.value)) add(item);
  }
  if (results.length > MAX_MANIFEST_DOCUMENTS) {
    throw new ToolInputError(
      `The manifest holds ${results.length} documents (List items counted); apply at most ${MAX_MANIFEST_DOCUMENTS} per call, splitting it into several calls`,
    );
  }
  return results;
}

function flatten(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(flatten);
  const object = value as { kind?: unknown; items?: unknown };
  if (
    object &&
    typeof object === 'object' &&
    typeof object.kind === 'string' &&
    object.kind.endsWith('List') &&
    Array.isArray(object.items)
  ) {
    return object.items.flatMap(flatten);
  }
  return [value];
}

function checkObject(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return 'not a Kubernetes object (expected a mapping with apiVersion, kind and metadata.name)';
  }
  const object = value as KubernetesObject;
  const missing = [
    typeof object.apiVersion === 'string' && object.apiVersion ? undefined : 'apiVersion',
    typeof object.kind === 'string' && object.kind ? undefined : 'kind',
    typeof object.metadata?.name === 'string' && object.metadata.name ? undefined : 'metadata.name',
  ].filter(Boolean);
  return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

/** `deployment.apps/web`, the way kubectl names an object in its output. */
export function objectLabel(object: KubernetesObject, group?: string): string {
  const kind = (object.kind ?? 'object').toLowerCase();
  const apiGroup = group ?? groupOfApiVersion(object.apiVersion ?? '');
  return `${kind}${apiGroup ? `.${apiGroup}` : ''}/${object.metadata?.name ?? '?'}`;
}

/** The same label for an object known by its type and name, e.g. `deployment.apps/web`. */
export function resourceLabel(type: ApiResource, name: string): string {
  return objectLabel({ kind: type.kind, metadata: { name } }, type.group);
}
