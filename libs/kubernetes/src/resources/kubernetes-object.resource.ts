import {
  McpResource,
  type Caller,
  type McpResourceProvider,
  type ResourceContents,
  type ResourceDescriptor,
  type ResourceReadContext,
} from '#mcp';
import { stringify } from 'yaml';

import { resourcePath } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess } from '../cluster-access.js';
import { describeKubernetesError, type ErrorTarget } from '../kubernetes-errors.js';
import { allowedNamespaces } from '../namespace-access.js';
import { sanitizeObject, type KubernetesObject } from '../output/sanitize-object.js';
import { resolveNamespaceScope } from '../tools/namespace-scope.js';
import { watchObject } from './object-watch.js';

// "_cluster" can never be a namespace name (no "_" allowed), so it marks cluster-scoped objects.
const CLUSTER = '_cluster';
const URI = /^k8s:\/\/([^/]+)\/([^/]+)\/([^/]+)$/;

/** Parses k8s://{namespace}/{resource}/{name}; `_cluster` stands for cluster-scoped objects. */
export function parseObjectUri(
  uri: string,
): { namespace?: string; resource: string; name: string } | undefined {
  const match = URI.exec(uri);
  if (!match) return undefined;
  const [namespace, resource, name] = match.slice(1).map(decodeURIComponent);
  return { ...(namespace === CLUSTER ? {} : { namespace }), resource, name };
}

/**
 * Cluster objects as MCP resources: `k8s://prod/deployments/web` reads the Deployment as YAML
 * (managedFields removed, Secret values masked), with the same namespace limits as the tools.
 */
@McpResource()
export class KubernetesObjectResource implements McpResourceProvider {
  constructor(private readonly access: ClusterAccess) {}

  async list(caller: Caller): Promise<ResourceDescriptor[]> {
    return [...(await this.namespaces(caller)), ...this.templates()];
  }

  /** The namespaces the caller may use, as fixed resources (so resources/list is not empty). */
  private async namespaces(caller: Caller): Promise<ResourceDescriptor[]> {
    const allowed = allowedNamespaces(caller);
    const names =
      allowed ??
      (await this.access
        .connect(undefined, caller)
        .http.json<{ items: { metadata: { name: string } }[] }>({
          path: '/api/v1/namespaces',
          query: { limit: 100 },
        })
        .then(
          (list) => list.items.map((item) => item.metadata.name),
          () => [],
        ));
    return names.map((name) => ({
      uri: `k8s://${CLUSTER}/namespaces/${name}`,
      name: `namespace/${name}`,
      title: `Namespace ${name}`,
      mimeType: 'application/yaml',
    }));
  }

  private templates(): ResourceDescriptor[] {
    return [
      {
        uriTemplate: 'k8s://{namespace}/{resource}/{name}',
        name: 'kubernetes-object',
        title: 'Kubernetes object',
        description:
          'A namespaced object as YAML, e.g. k8s://default/deployments/nginx or k8s://prod/pods/web-7d4b9-x2k4p',
        mimeType: 'application/yaml',
      },
      {
        uriTemplate: `k8s://${CLUSTER}/{resource}/{name}`,
        name: 'kubernetes-cluster-object',
        title: 'Cluster-scoped Kubernetes object',
        description: `A cluster-scoped object as YAML, e.g. k8s://${CLUSTER}/nodes/worker-1`,
        mimeType: 'application/yaml',
      },
    ];
  }

  canRead(uri: string): boolean {
    return parseObjectUri(uri) !== undefined;
  }

  async read(uri: string, context: ResourceReadContext): Promise<ResourceContents[]> {
    const located = await this.locate(uri, context);
    return [
      {
        uri,
        mimeType: 'application/yaml',
        text: stringify(sanitizeObject(located.object, context.caller.capabilities.revealSecrets)),
      },
    ];
  }

  /**
   * resources/subscribe: watches the object and calls `onUpdated` whenever it changes or is
   * deleted. The returned function ends the watch (resources/unsubscribe or session end).
   */
  async subscribe(
    uri: string,
    context: ResourceReadContext,
    onUpdated: () => void,
  ): Promise<() => void> {
    const { connection, collectionPath, name, object } = await this.locate(uri, context);
    const watch = watchObject(
      connection.kubeConfig,
      collectionPath,
      name,
      String(object.metadata?.resourceVersion ?? '0'),
      () => onUpdated(),
    );
    return () => watch.stop();
  }

  /** Checks access and fetches the object a URI names; errors read like the tools' errors. */
  private async locate(uri: string, context: ResourceReadContext) {
    const parsed = parseObjectUri(uri);
    if (!parsed)
      throw new Error(
        `Not a Kubernetes object URI: ${uri}; use k8s://{namespace}/{resource}/{name}`,
      );
    const target: ErrorTarget = { name: parsed.name };
    try {
      const connection = this.access.connect(undefined, context.caller);
      const type = await connection.resolve(parsed.resource);
      if (type.namespaced && !parsed.namespace)
        throw new ToolInputError(
          `${type.resource} are namespaced; use k8s://{namespace}/${type.resource}/${parsed.name}`,
        );
      const namespace = resolveNamespaceScope(context.caller, connection, type, {
        namespace: parsed.namespace,
        name: parsed.name,
      }).namespaces[0];
      Object.assign(target, { type, namespace });
      const object = await connection.http.json<KubernetesObject>({
        path: resourcePath(type, namespace, parsed.name),
        signal: context.signal,
      });
      return {
        connection,
        object,
        name: parsed.name,
        collectionPath: resourcePath(type, namespace),
      };
    } catch (error) {
      throw new Error(describeKubernetesError(error, target), { cause: error });
    }
  }
}
