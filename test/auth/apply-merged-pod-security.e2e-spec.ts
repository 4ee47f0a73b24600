import { AppsV1Api, AutoscalingV2Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';

import { callerWithRoles } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startToolHarness, textOf, type ToolHarness } from '../kubernetes/tool-harness.js';
import { HOST_PID_SPEC, PLAIN_SPEC } from './privileged-workload.js';

/**
 * Server-side apply merges what the caller sends with the live object, so a document without a
 * pod template (only spec.replicas, or paused: false) can still start pods from a privileged
 * template an admin wrote. kubectl_apply checks what the write would leave, not only what was
 * sent. Real cluster, tools called as the MCP invoker calls them.
 */
describe('Pod Security levels on kubectl_apply of part of a live workload (real cluster)', () => {
  const namespace = uniqueNamespace('apply-pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const operator = callerWithRoles('otto', ['operator'], [namespace]);
  const admin = callerWithRoles('ada', ['admin'], [namespace]);
  let harness: ToolHarness;

  const deployment = (name: string, spec: V1PodSpec) => ({
    metadata: { name },
    spec: {
      replicas: 0,
      paused: true,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec },
    },
  });
  const live = (name: string) => apps.readNamespacedDeployment({ name, namespace });
  const partial = (name: string, spec: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec: ${spec}\n`;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({ namespace, body: deployment('root', HOST_PID_SPEC) });
    await apps.createNamespacedDeployment({ namespace, body: deployment('plain', PLAIN_SPEC) });
    harness = await startToolHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it.each([
    ['a write', {}],
    ['a dry run', { dryRun: true }],
    ['a diff', { diff: true }],
  ])(
    'refuses an operator %s that would run more pods of the privileged template',
    async (_case, mode) => {
      const result = await harness.call(
        'kubectl_apply',
        {
          yaml: partial('root', '{ replicas: 3, paused: false }'),
          namespace,
          force: true,
          ...mode,
        },
        operator,
      );
      expect(result.denied).toBe(true);
      const text = textOf(result);
      expect(text).toContain('Nothing was applied: document 1 deployment.apps/root');
      expect(text).toContain('Pod Security level "baseline" refuses these 2 fields');
      expect(text).toContain('spec.template.spec.hostPID');
      expect(text).toContain('spec.template.spec.containers[0].securityContext.privileged');
      expect(text).toContain('merged with the live object, the result breaks the level');
      expect(text).toContain('Apply a complete pod template that meets the level, or ask an admin');
      const after = await live('root');
      expect([after.spec!.replicas, after.spec!.paused]).toEqual([0, true]);
    },
  );

  const autoscaler = (name: string, target: string) =>
    [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      `metadata: { name: ${name} }`,
      `spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }, minReplicas: 5, maxReplicas: 10 }`,
    ].join('\n');

  it('refuses an operator an autoscaler that would scale up the privileged workload', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: autoscaler('grow-root', 'root'), namespace },
      operator,
    );
    expect(result.denied).toBe(true);
    const text = textOf(result);
    expect(text).toContain(
      'Nothing was applied: document 1 horizontalpodautoscaler.autoscaling/grow-root',
    );
    expect(text).toContain('it scales deployment.apps/root, whose pod template breaks the level');
    expect(text).toContain('spec.template.spec.hostPID');
    await expect(
      adminKubeConfig()
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: 'grow-root', namespace }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it("refuses an operator part of an admin's autoscaler, judged by the target it keeps", async () => {
    // The admin's autoscaler targets the privileged workload, with one replica at most.
    await adminKubeConfig()
      .makeApiClient(AutoscalingV2Api)
      .createNamespacedHorizontalPodAutoscaler({
        namespace,
        body: {
          metadata: { name: 'admins' },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'root' },
            minReplicas: 1,
            maxReplicas: 1,
          },
        },
      });
    const partialAutoscaler = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: { name: admins }',
      'spec: { minReplicas: 20, maxReplicas: 30 }',
    ].join('\n');
    const result = await harness.call(
      'kubectl_apply',
      { yaml: partialAutoscaler, namespace, force: true },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      'it scales deployment.apps/root, whose pod template breaks the level',
    );
    const live = await adminKubeConfig()
      .makeApiClient(AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({ name: 'admins', namespace });
    expect(live.spec!.minReplicas).toBe(1);
    await adminKubeConfig()
      .makeApiClient(AutoscalingV2Api)
      .deleteNamespacedHorizontalPodAutoscaler({ name: 'admins', namespace });
  });

  it('reads the target at the version the cluster serves, whatever version it is named by', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: autoscaler('grow-root-v9', 'root').replace('apps/v1', 'apps/v9'), namespace },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      'it scales deployment.apps/root, whose pod template breaks the level',
    );
  });

  it('refuses an operator an autoscaler for a workload that does not exist yet, unless it comes along', async () => {
    const missing = await harness.call(
      'kubectl_apply',
      { yaml: autoscaler('grow-later', 'later'), namespace },
      operator,
    );
    expect(missing.denied).toBe(true);
    expect(textOf(missing)).toContain(
      'its target Deployment "later" does not exist; apply the workload first, or before it in the same manifest',
    );
    // After the autoscaler, the workload would not exist yet when the autoscaler is written.
    const autoscalerFirst = await harness.call(
      'kubectl_apply',
      {
        yaml: [
          autoscaler('grow-later', 'later'),
          JSON.stringify({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            ...deployment('later', PLAIN_SPEC),
          }),
        ].join('\n---\n'),
        namespace,
      },
      operator,
    );
    expect(autoscalerFirst.denied).toBe(true);
    const together = [
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        ...deployment('later', PLAIN_SPEC),
      }),
      autoscaler('grow-later', 'later'),
    ].join('\n---\n');
    const applied = await harness.call('kubectl_apply', { yaml: together, namespace }, operator);
    expect([applied.isError ?? false, textOf(applied)]).toEqual([
      false,
      'deployment.apps/later created\nhorizontalpodautoscaler.autoscaling/grow-later created',
    ]);
  });

  it('checks a live target even when the manifest also holds a document for it', async () => {
    const result = await harness.call(
      'kubectl_apply',
      {
        yaml: [
          JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'root' } }),
          autoscaler('grow-root-too', 'root'),
        ].join('\n---\n'),
        namespace,
        force: true,
      },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      'document 2 horizontalpodautoscaler.autoscaling/grow-root-too: it scales deployment.apps/root, whose pod template breaks the level',
    );
  });

  it('lets an operator apply an autoscaler for a compliant workload', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: autoscaler('grow-plain', 'plain'), namespace },
      operator,
    );
    expect([result.isError ?? false, textOf(result)]).toEqual([
      false,
      'horizontalpodautoscaler.autoscaling/grow-plain created',
    ]);
  });

  it('lets an operator apply part of a compliant workload', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: partial('plain', '{ replicas: 2 }'), namespace, force: true },
      operator,
    );
    expect([result.isError ?? false, textOf(result)]).toEqual([
      false,
      'deployment.apps/plain configured',
    ]);
    expect((await live('plain')).spec!.replicas).toBe(2);
  });

  it('lets an admin (privileged level) apply part of the privileged workload', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: partial('root', '{ replicas: 1 }'), namespace, force: true },
      admin,
    );
    expect([result.isError ?? false, textOf(result)]).toEqual([
      false,
      'deployment.apps/root configured',
    ]);
    expect((await live('root')).spec!.replicas).toBe(1);
  });
});
