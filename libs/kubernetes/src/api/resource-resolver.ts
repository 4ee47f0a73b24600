import { discoverApiResources } from './api-discovery.js';
import type { ApiResource } from './api-resource.js';
import { MAX_RESOURCE_TYPE_LENGTH } from './api-resource.js';
import { ToolInputError } from './kubernetes-api.error.js';
import type { KubernetesHttpClient } from './kubernetes-http.client.js';
import { matchResource, suggestResources } from './resource-matcher.js';

const MAX_AGE_MS = 5 * 60_000;
// A miss triggers a fresh discovery (a CRD may just have been created), but not more often.
const MIN_REFRESH_INTERVAL_MS = 2_000;

interface CachedDiscovery {
  types: Promise<ApiResource[]>;
  fetchedAt: number;
}

/**
 * Resolves what the user typed (`po`, `deploy`, `Ingress`, a CRD plural) to a served resource
 * type through API discovery. Discovery is cached per cluster and refreshed on a miss.
 */
export class ResourceResolver {
  private readonly cache = new Map<string, CachedDiscovery>();

  async list(cluster: string, http: KubernetesHttpClient, refresh = false): Promise<ApiResource[]> {
    const cached = this.cache.get(cluster);
    const now = Date.now();
    const stale = !cached || now - cached.fetchedAt > MAX_AGE_MS;
    const mayRefresh = !cached || now - cached.fetchedAt > MIN_REFRESH_INTERVAL_MS;
    if (stale || (refresh && mayRefresh)) {
      const types = discoverApiResources(http);
      this.cache.set(cluster, { types, fetchedAt: now });
      types.catch(() => this.cache.delete(cluster));
      return types;
    }
    return cached.types;
  }

  async resolve(cluster: string, http: KubernetesHttpClient, query: string): Promise<ApiResource> {
    if (!query.trim())
      throw new ToolInputError('Name a resource type, e.g. "pods" or "deployments"');
    if (query.length > MAX_RESOURCE_TYPE_LENGTH)
      throw new ToolInputError(
        `A resource type of ${query.length} characters cannot exist (at most ${MAX_RESOURCE_TYPE_LENGTH}); name a type such as "pods" or "deployments.apps"`,
      );
    let types = await this.list(cluster, http);
    let found = matchResource(types, query);
    if (!found) {
      types = await this.list(cluster, http, true);
      found = matchResource(types, query);
    }
    if (found) return found;
    const suggestions = suggestResources(types, query);
    const hint = suggestions.length
      ? `Did you mean ${suggestions.map((name) => `"${name}"`).join(', ')}?`
      : 'Call kubectl_api_resources to list the types this cluster serves.';
    throw new ToolInputError(`The server doesn't have a resource type "${query}". ${hint}`);
  }

  /**
   * Resolves apiVersion + kind (from a manifest) to its resource type. A version the cluster
   * does not serve is kept (the write then names it) unless `servedVersion` asks for the one
   * it serves, as for reading the object a reference names by group and kind.
   */
  async resolveKind(
    cluster: string,
    http: KubernetesHttpClient,
    apiVersion: string,
    kind: string,
    { servedVersion = false }: { servedVersion?: boolean } = {},
  ): Promise<ApiResource> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const pick = (types: ApiResource[]) =>
      types.find(
        (type) => type.group === group && type.kind === kind && type.version === version,
      ) ?? types.find((type) => type.group === group && type.kind === kind);
    let found = pick(await this.list(cluster, http));
    if (!found) found = pick(await this.list(cluster, http, true));
    if (!found) {
      throw new ToolInputError(
        `The server doesn't serve kind "${kind}" in "${apiVersion}"; check apiVersion and kind, or install the CRD first`,
      );
    }
    if (servedVersion) return found;
    // Keep the manifest's version so the object is written exactly as declared.
    return { ...found, version };
  }
}
