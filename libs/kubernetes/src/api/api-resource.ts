import { ToolInputError } from './kubernetes-api.error.js';

/**
 * The longest resource type worth looking up: a CRD is named `<plural>.<group>` and object
 * names are at most 253 characters, so nothing a cluster serves is longer.
 */
export const MAX_RESOURCE_TYPE_LENGTH = 253;

/** One resource type the API server serves, as discovery describes it. */
export interface ApiResource {
  group: string;
  version: string;
  /** Plural, lower-case: `deployments`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  categories: string[];
}

/** The API group an apiVersion names: `apps` of `apps/v1`, the empty core group of `v1`. */
export function groupOfApiVersion(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

export function apiVersionOf(type: ApiResource): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `deployments.apps`, `pods`: the name the API server uses in its messages. */
export function groupResourceOf(type: ApiResource): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** REST path of a collection or object: /apis/apps/v1/namespaces/prod/deployments/web */
export function resourcePath(type: ApiResource, namespace?: string, name?: string): string {
  // "." and ".." survive encodeURIComponent and the URL would climb to another path.
  for (const segment of [namespace, name]) {
    if (segment === '.' || segment === '..')
      throw new ToolInputError(`"${segment}" is not a valid object or namespace name`);
  }
  const base = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
  const scope = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const object = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${scope}/${type.resource}${object}`;
}
