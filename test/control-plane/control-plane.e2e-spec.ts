import { AppsV1Api, CoreV1Api, VersionApi, type V1Pod } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace, userKubeConfig } from '../support/cluster.js';

// The local control plane must behave like a real cluster: real scheduling, real pod
// lifecycle (through KWOK), logs, and RBAC enforced by the API server.
describe('local control plane', () => {
  const admin = adminKubeConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const namespace = uniqueNamespace('cp');

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('runs the pinned Kubernetes version', async () => {
    const version = await admin.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(process.env.K8S_VERSION ?? 'v1.36.3');
  });

  it('has at least two ready nodes', async () => {
    const nodes = await core.listNode();
    const ready = nodes.items.filter((node) =>
      node.status?.conditions?.some(
        (condition) => condition.type === 'Ready' && condition.status === 'True',
      ),
    );
    expect(ready.length).toBeGreaterThanOrEqual(2);
  });

  it('runs a Deployment with 3 replicas as 3 Running pods that have logs', async () => {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
          },
        },
      },
    });

    const running = await waitFor(async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
      const up = pods.items.filter((pod) => pod.status?.phase === 'Running');
      return up.length === 3 ? up : undefined;
    });
    const nodesUsed = new Set(running.map((pod: V1Pod) => pod.spec?.nodeName));
    expect(nodesUsed.size).toBeGreaterThanOrEqual(1);

    const logs = await core.readNamespacedPodLog({
      namespace,
      name: running[0].metadata!.name!,
      tailLines: 5,
    });
    const lines = logs.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/"GET \/item\/\d+ HTTP\/1\.1" \d{3}/);
  });

  describe('RBAC', () => {
    it('lets a user act where a RoleBinding allows it', async () => {
      const alice = userKubeConfig('alice').makeApiClient(CoreV1Api);
      const pods = await alice.listNamespacedPod({ namespace: 'team-a' });
      expect(Array.isArray(pods.items)).toBe(true);
    });

    it('refuses the same user in other namespaces and cluster-wide', async () => {
      const alice = userKubeConfig('alice').makeApiClient(CoreV1Api);
      await expect(alice.listNamespacedPod({ namespace: 'team-b' })).rejects.toMatchObject({
        code: 403,
      });
      await expect(alice.listNamespacedPod({ namespace })).rejects.toMatchObject({ code: 403 });
      await expect(alice.listNode()).rejects.toMatchObject({ code: 403 });
    });

    it('refuses writes to a read-only user', async () => {
      const bob = userKubeConfig('bob').makeApiClient(CoreV1Api);
      await expect(bob.listNamespacedPod({ namespace: 'team-b' })).resolves.toBeDefined();
      await expect(
        bob.createNamespacedConfigMap({
          namespace: 'team-b',
          body: { metadata: { name: 'nope' } },
        }),
      ).rejects.toMatchObject({ code: 403 });
    });
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
