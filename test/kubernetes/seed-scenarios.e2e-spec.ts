import { CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  waitFor,
  type ToolHarness,
} from './tool-harness.js';

const NGINX = (replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels: { app: nginx }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: nginx } }
  template:
    metadata: { labels: { app: nginx } }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

const TIMEOUT = 90_000;

describe("the seed's natural-language examples", () => {
  const namespace = uniqueNamespace('seed');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    sut = await startToolHarness();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it(
    'deploys nginx with 3 replicas and reaches 3 Running pods',
    async () => {
      const result = await sut.call('kubectl_apply', { yaml: NGINX(3), namespace });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe('deployment.apps/nginx created');
      expect(result.structuredContent).toMatchObject({
        applied: 1,
        failed: 0,
        results: [{ result: 'created', namespace }],
      });

      const running = await waitFor(async () => {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=nginx' });
        const up = pods.items.filter((pod) => pod.status?.phase === 'Running');
        return up.length === 3 ? up : undefined;
      }, '3 Running nginx pods');
      expect(running).toHaveLength(3);

      const again = await sut.call('kubectl_apply', { yaml: NGINX(3), namespace });
      expect(textOf(again)).toBe('deployment.apps/nginx unchanged');
      const scaled = await sut.call('kubectl_apply', { yaml: NGINX(2), namespace, dryRun: true });
      expect(textOf(scaled)).toBe('deployment.apps/nginx configured (server dry run)');
    },
    TIMEOUT,
  );

  it(
    'lists all pods in the namespace as a compact table',
    async () => {
      const result = await sut.call('kubectl_get', { resource: 'pods', namespace });
      expect(result.isError).toBeFalsy();
      const lines = textOf(result).split('\n');
      expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(
        lines.slice(1).filter((line) => /^nginx-\S+\s+1\/1\s+Running/.test(line)),
      ).toHaveLength(3);
      expect(result.structuredContent).toMatchObject({
        resource: 'pods',
        kind: 'Pod',
        namespace,
        count: 3,
        truncated: false,
      });
    },
    TIMEOUT,
  );

  it(
    'gets exactly the last 100 log lines of an nginx pod',
    async () => {
      const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=nginx' });
      const pod = pods.items[0].metadata!.name!;
      const result = await waitFor(async () => {
        const logs = await sut.call('kubectl_logs', { pod, namespace, lines: 100 });
        return textOf(logs).split('\n').length === 100 ? logs : undefined;
      }, '100 log lines');
      const lines = textOf(result).split('\n');
      expect(lines).toHaveLength(100);
      expect(result.structuredContent).toMatchObject({
        namespace,
        truncated: false,
        logs: [{ pod, container: 'nginx' }],
      });
      expect((result.structuredContent!.logs as { lines: string[] }[])[0].lines).toEqual(lines);
    },
    TIMEOUT,
  );

  it(
    'deletes the pod test-pod',
    async () => {
      await core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'test-pod' },
          spec: { containers: [{ name: 'app', image: 'busybox' }] },
        },
      });
      const result = await sut.call('kubectl_delete', {
        resource: 'pod',
        name: 'test-pod',
        namespace,
      });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe('pod "test-pod" deleted');
      expect(result.structuredContent).toEqual({
        resource: 'pods',
        namespace,
        dryRun: false,
        deleted: ['test-pod'],
      });
      await waitFor(
        () =>
          core.readNamespacedPod({ name: 'test-pod', namespace }).then(
            () => undefined,
            () => true,
          ),
        'test-pod to disappear',
      );
    },
    TIMEOUT,
  );
});
