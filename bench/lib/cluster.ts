import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import type https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { keepAliveAgent, send, type HttpAnswer } from './http.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** The local control plane of scripts/control-plane (or KUBECONFIG, when set). */
export interface Cluster {
  kubeconfigPath: string;
  server: string;
  headers: Record<string, string>;
  agent: https.Agent;
  request(method: string, path: string, body?: unknown, accept?: string): Promise<HttpAnswer>;
}

function versionsValue(name: string): string {
  const text = readFileSync(join(ROOT, 'scripts/control-plane/versions.sh'), 'utf8');
  const value = new RegExp(`${name}:-([^}]+)\\}`).exec(text)?.[1];
  if (!value) throw new Error(`${name} not found in scripts/control-plane/versions.sh`);
  return value;
}

export function clusterHome(): string {
  return (
    process.env.CLUSTER_HOME ??
    join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'mcp-kubernetes')
  );
}

/** Where the control-plane build put kubectl (the TypeScript peer shells out to it). */
export function kubectlDirectory(): string {
  const cache =
    process.env.CONTROL_PLANE_CACHE ??
    join(
      process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
      'mcp-kubernetes',
      'control-plane',
    );
  return join(cache, `kubernetes-${versionsValue('K8S_VERSION')}`);
}

export async function connectCluster(): Promise<Cluster> {
  const kubeconfigPath = process.env.KUBECONFIG ?? join(clusterHome(), 'kubeconfig');
  if (!existsSync(kubeconfigPath))
    throw new Error(`No kubeconfig at ${kubeconfigPath}: run npm run cluster:up first`);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const server = kubeConfig.getCurrentCluster()!.server.replace(/\/+$/, '');
  if (!/^https:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(`${server}/`))
    throw new Error(`The benchmark only talks to a local API server; ${server} is not one`);
  const agent = keepAliveAgent({ ca: options.ca, cert: options.cert, key: options.key });
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  return {
    kubeconfigPath,
    server,
    headers,
    agent,
    request: (method, path, body, accept = 'application/json') =>
      send({
        method,
        url: `${server}${path}`,
        headers: {
          ...headers,
          accept,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        agent,
      }),
  };
}

/** A namespace with one Deployment of `replicas` pods, waited on until all are Running. */
export async function createPodFixture(
  cluster: Cluster,
  namespace: string,
  replicas: number,
): Promise<string[]> {
  const created = await cluster.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { purpose: 'benchmark' } },
  });
  if (created.status !== 201) throw new Error(`namespace: HTTP ${created.status} ${created.text}`);
  const labels = { app: 'bench-web' };
  const deployment = await cluster.request(
    'POST',
    `/apis/apps/v1/namespaces/${namespace}/deployments`,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bench-web', labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
          },
        },
      },
    },
  );
  if (deployment.status !== 201)
    throw new Error(`deployment: HTTP ${deployment.status} ${deployment.text}`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const pods = await cluster.request(
      'GET',
      `/api/v1/namespaces/${namespace}/pods?fieldSelector=status.phase%3DRunning`,
    );
    const names = (JSON.parse(pods.text) as { items: { metadata: { name: string } }[] }).items.map(
      (pod) => pod.metadata.name,
    );
    if (names.length >= replicas) return names.sort();
    if (Date.now() > deadline)
      throw new Error(`only ${names.length} of ${replicas} pods Running after 3 minutes`);
    await sleep(1000);
  }
}

export async function deleteNamespace(cluster: Cluster, namespace: string): Promise<void> {
  await cluster.request('DELETE', `/api/v1/namespaces/${namespace}`).catch(() => undefined);
}
