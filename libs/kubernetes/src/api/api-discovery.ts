import type { ApiResource } from './api-resource.js';
import type { KubernetesHttpClient } from './kubernetes-http.client.js';

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

interface DiscoveryResource {
  resource: string;
  responseKind?: { kind?: string };
  scope?: string;
  singularResource?: string;
  shortNames?: string[];
  verbs?: string[];
  categories?: string[];
}

interface DiscoveryGroupList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: DiscoveryResource[] }[];
  }[];
}

interface LegacyResourceList {
  resources: {
    name: string;
    singularName?: string;
    kind: string;
    namespaced: boolean;
    shortNames?: string[];
    verbs?: string[];
    categories?: string[];
  }[];
}

interface LegacyGroupList {
  groups: { name: string; preferredVersion?: { version: string } }[];
}

/**
 * Lists every resource type in the preferred version of its group (aggregated discovery,
 * one request per root; older servers get the per-group requests).
 */
export async function discoverApiResources(http: KubernetesHttpClient): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([
    http.json<DiscoveryGroupList>({ path: '/api', accept: AGGREGATED }),
    http.json<DiscoveryGroupList>({ path: '/apis', accept: AGGREGATED }),
  ]);
  if (core.kind === 'APIGroupDiscoveryList' && groups.kind === 'APIGroupDiscoveryList') {
    return [...fromAggregated(core), ...fromAggregated(groups)];
  }
  return discoverLegacy(http);
}

function fromAggregated(list: DiscoveryGroupList): ApiResource[] {
  return (list.items ?? []).flatMap((group) => {
    const preferred = group.versions?.[0];
    if (!preferred) return [];
    return (preferred.resources ?? []).map((resource) => ({
      group: group.metadata?.name ?? '',
      version: preferred.version,
      resource: resource.resource,
      singular: resource.singularResource || resource.responseKind?.kind?.toLowerCase() || '',
      kind: resource.responseKind?.kind ?? '',
      namespaced: resource.scope === 'Namespaced',
      shortNames: resource.shortNames ?? [],
      verbs: resource.verbs ?? [],
      categories: resource.categories ?? [],
    }));
  });
}

async function discoverLegacy(http: KubernetesHttpClient): Promise<ApiResource[]> {
  const groups = await http.json<LegacyGroupList>({ path: '/apis' });
  const lists = await Promise.all([
    fetchLegacy(http, '', 'v1', '/api/v1'),
    ...groups.groups
      .filter((group) => group.preferredVersion)
      .map((group) => {
        const version = group.preferredVersion!.version;
        return fetchLegacy(http, group.name, version, `/apis/${group.name}/${version}`);
      }),
  ]);
  return lists.flat();
}

async function fetchLegacy(
  http: KubernetesHttpClient,
  group: string,
  version: string,
  path: string,
): Promise<ApiResource[]> {
  const list = await http.json<LegacyResourceList>({ path }).catch(() => ({ resources: [] }));
  return list.resources
    .filter((resource) => !resource.name.includes('/'))
    .map((resource) => ({
      group,
      version,
      resource: resource.name,
      singular: resource.singularName || resource.kind.toLowerCase(),
      kind: resource.kind,
      namespaced: resource.namespaced,
      shortNames: resource.shortNames ?? [],
      verbs: resource.verbs ?? [],
      categories: resource.categories ?? [],
    }));
}
