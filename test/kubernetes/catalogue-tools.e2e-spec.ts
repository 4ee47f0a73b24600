import { uniqueNamespace } from '../support/cluster.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  waitFor,
  type ToolHarness,
} from './tool-harness.js';

const deployment = (image: string, cause: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations: { kubernetes.io/change-cause: "${cause}" }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "${image}" }]
`;

const TIMEOUT = 90_000;

describe('the tool catalogue beyond the seed', () => {
  const namespace = uniqueNamespace('catalogue');
  let sut: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    sut = await startToolHarness();
    await sut.call('kubectl_apply', { yaml: deployment('nginx:1.26', 'first'), namespace });
    await waitFor(async () => {
      const status = await sut.call('kubectl_rollout', {
        action: 'status',
        name: 'web',
        namespace,
      });
      return status.structuredContent?.done ? status : undefined;
    }, 'web rolled out');
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it(
    'lists every catalogue tool with annotations, and no exec unless enabled',
    () => {
      const names = sut
        .tools()
        .map((tool) => tool.name)
        .sort();
      expect(names).toEqual([
        'kubectl_api_resources',
        'kubectl_apply',
        'kubectl_contexts',
        'kubectl_delete',
        'kubectl_describe',
        'kubectl_events',
        'kubectl_get',
        'kubectl_logs',
        'kubectl_rollout',
        'kubectl_scale',
        'kubectl_top',
      ]);
      for (const tool of sut.tools()) {
        expect(tool.outputSchema).toBeDefined();
        expect(tool.description).toContain('Example:');
        expect(Object.keys(tool.annotations).sort()).toEqual([
          'destructiveHint',
          'idempotentHint',
          'openWorldHint',
          'readOnlyHint',
          'title',
        ]);
        if (tool.name !== 'kubectl_contexts')
          expect(tool.inputSchema.shape).toHaveProperty('context');
      }
    },
    TIMEOUT,
  );

  it(
    'offers kubectl_exec when K8S_EXEC_ENABLED=true and reports a missing pod clearly',
    async () => {
      const withExec = await startToolHarness({ K8S_EXEC_ENABLED: 'true' });
      try {
        expect(withExec.tools().map((tool) => tool.name)).toContain('kubectl_exec');
        const result = await withExec.call('kubectl_exec', {
          pod: 'missing',
          namespace,
          command: ['true'],
        });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toBe(
          `pods "missing" not found in namespace "${namespace}". List what exists with kubectl_get.`,
        );
      } finally {
        await withExec.close();
      }
    },
    TIMEOUT,
  );

  it(
    'describes a pod with conditions, container states and events',
    async () => {
      const pods = await sut.call('kubectl_get', { resource: 'po', namespace, output: 'json' });
      const name = (pods.structuredContent!.items as { metadata: { name: string } }[])[0].metadata
        .name;
      const result = await sut.call('kubectl_describe', { resource: 'pod', name, namespace });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('Pod health: phase Running');
      expect(textOf(result)).toMatch(/container web: running, ready=true, restarts=0/);
      expect(result.structuredContent).toMatchObject({
        resource: 'pods',
        name,
        namespace,
        pod: { phase: 'Running' },
      });
      expect(JSON.stringify(result.structuredContent)).not.toContain('managedFields');
    },
    TIMEOUT,
  );

  it(
    'lists events of the namespace and of one object',
    async () => {
      const all = await sut.call('kubectl_events', { namespace });
      expect(textOf(all).split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
      expect(textOf(all)).toContain('deployment/web');
      const one = await sut.call('kubectl_events', {
        namespace,
        resource: 'deployment',
        name: 'web',
        warningsFirst: true,
      });
      const events = one.structuredContent!.events as { object: string }[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event.object === 'deployment/web')).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'scales a deployment and reports the previous count',
    async () => {
      const result = await sut.call('kubectl_scale', { name: 'web', replicas: 3, namespace });
      expect(textOf(result)).toBe('deployment.apps/web scaled from 2 to 3 replicas');
      const noScale = await sut.call('kubectl_scale', {
        resource: 'configmap',
        name: 'x',
        replicas: 1,
        namespace,
      });
      expect(noScale.isError).toBe(true);
      expect(textOf(noScale)).toContain('has no scale subresource');
    },
    TIMEOUT,
  );

  it(
    'restarts, pauses, resumes, lists history and undoes a deployment rollout',
    async () => {
      // kubectl_scale set spec.replicas through the scale subresource, so another field
      // manager owns it now: server-side apply reports the conflict and force takes it over.
      const conflict = await sut.call('kubectl_apply', {
        yaml: deployment('nginx:1.27', 'second'),
        namespace,
      });
      expect(conflict.isError).toBe(true);
      expect(textOf(conflict)).toMatch(
        /^1 of 1 documents failed:\nerror: document 1 deployment\.apps\/web: Apply failed with 1 conflict: conflict with "mcp-kubernetes-server" with subresource "scale".*\.spec\.replicas.*pass force=true/s,
      );
      const forced = await sut.call('kubectl_apply', {
        yaml: deployment('nginx:1.27', 'second'),
        namespace,
        force: true,
      });
      expect(textOf(forced)).toBe('deployment.apps/web configured');
      const history = await waitFor(async () => {
        const result = await sut.call('kubectl_rollout', {
          action: 'history',
          name: 'web',
          namespace,
        });
        return (result.structuredContent!.revisions as unknown[]).length === 2 ? result : undefined;
      }, 'two revisions');
      expect(textOf(history)).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+first\n2\s+second/);

      const undo = await sut.call('kubectl_rollout', { action: 'undo', name: 'web', namespace });
      expect(textOf(undo)).toBe('deployment.apps/web rolled back to revision 1');
      const yaml = await sut.call('kubectl_get', {
        resource: 'deploy',
        name: 'web',
        namespace,
        output: 'yaml',
      });
      expect(textOf(yaml)).toContain('image: nginx:1.26');

      expect(
        textOf(await sut.call('kubectl_rollout', { action: 'pause', name: 'web', namespace })),
      ).toBe('deployment.apps/web paused');
      const paused = await sut.call('kubectl_rollout', {
        action: 'status',
        name: 'web',
        namespace,
      });
      expect(paused.structuredContent).toMatchObject({
        done: false,
        message: expect.stringContaining('is paused'),
      });
      expect(
        textOf(await sut.call('kubectl_rollout', { action: 'resume', name: 'web', namespace })),
      ).toBe('deployment.apps/web resumed');
      expect(
        textOf(await sut.call('kubectl_rollout', { action: 'restart', name: 'web', namespace })),
      ).toBe('deployment.apps/web restarted');
      const restarted = await sut.call('kubectl_get', {
        resource: 'deploy',
        name: 'web',
        namespace,
        output: 'json',
      });
      expect(textOf(restarted)).toContain('kubectl.kubernetes.io/restartedAt');

      const wrongKind = await sut.call('kubectl_rollout', {
        action: 'status',
        resource: 'pods',
        name: 'web',
        namespace,
      });
      expect(textOf(wrongKind)).toBe(
        'Rollouts apply to deployments, statefulsets and daemonsets, not pods',
      );
    },
    TIMEOUT,
  );

  it(
    'lists resource types with short names',
    async () => {
      const result = await sut.call('kubectl_api_resources', { apiGroup: 'apps' });
      expect(textOf(result)).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
      const clusterScoped = await sut.call('kubectl_api_resources', { namespaced: false });
      expect(
        (clusterScoped.structuredContent!.resources as { name: string }[]).map((r) => r.name),
      ).toContain('nodes');
    },
    TIMEOUT,
  );

  it(
    'says clearly that the metrics API is absent',
    async () => {
      const result = await sut.call('kubectl_top', { target: 'pods', namespace });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain(
        'The metrics API (metrics.k8s.io) is not available on this cluster',
      );
    },
    TIMEOUT,
  );

  it(
    'lists the configured contexts without credentials',
    async () => {
      const result = await sut.call('kubectl_contexts', {});
      expect(textOf(result).split('\n')[0]).toMatch(
        /^CURRENT\s+NAME\s+CLUSTER\s+SERVER\s+NAMESPACE$/,
      );
      const contexts = result.structuredContent!.contexts as {
        current: boolean;
        server?: string;
      }[];
      expect(contexts.filter((context) => context.current)).toHaveLength(1);
      expect(JSON.stringify(result)).not.toMatch(/token|client-key|password/i);
      const unknown = await sut.call('kubectl_get', { resource: 'pods', context: 'nope' });
      expect(textOf(unknown)).toMatch(
        /^Context "nope" is not in the kubeconfig; available contexts: /,
      );
    },
    TIMEOUT,
  );
});
