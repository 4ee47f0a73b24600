import {
  ApiextensionsV1Api,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  type V1PodSpec,
} from '@kubernetes/client-node';

import { callerWithRoles } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startToolHarness, textOf, waitFor, type ToolHarness } from '../kubernetes/tool-harness.js';
import { HOST_PID_SPEC, PLAIN_SPEC } from './privileged-workload.js';

const ROOT_FIELDS = [
  'spec.template.spec.hostPID',
  'spec.template.spec.containers[0].securityContext.privileged',
];

/**
 * A controller may run pods from a pod spec inside any custom resource (Argo Rollouts, KEDA
 * ScaledJobs, operators of all kinds), so the Pod Security level of a caller holds for custom
 * resources as for Deployments: on apply, on apply merged with the live object, on scale and
 * on an autoscaler's target. Real CRD with a scale subresource on the local cluster.
 */
describe('Pod Security levels on custom resources that carry pod templates (real cluster)', () => {
  const namespace = uniqueNamespace('cr-pss');
  const group = `${namespace}.example.com`;
  const crdName = `podsets.${group}`;
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const extensions = adminKubeConfig().makeApiClient(ApiextensionsV1Api);
  const objects = adminKubeConfig().makeApiClient(CustomObjectsApi);
  const operator = callerWithRoles('otto', ['operator'], [namespace]);
  const admin = callerWithRoles('ada', ['admin'], [namespace]);
  let harness: ToolHarness;

  const label = (name: string) => `podset.${group}/${name}`;
  const podSet = (name: string, spec: V1PodSpec, replicas = 1) => ({
    apiVersion: `${group}/v1`,
    kind: 'PodSet',
    metadata: { name },
    spec: { replicas, template: { metadata: { labels: { app: name } }, spec } },
  });
  const manifest = (object: object) => JSON.stringify(object);
  const live = async (name: string) =>
    (await objects.getNamespacedCustomObject({
      group,
      version: 'v1',
      namespace,
      plural: 'podsets',
      name,
    })) as { spec: { replicas: number } };

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await extensions.createCustomResourceDefinition({
      body: {
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'podsets', singular: 'podset', kind: 'PodSet' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    // client-node's name for x-kubernetes-preserve-unknown-fields.
                    spec: { type: 'object', x_kubernetes_preserve_unknown_fields: true },
                    status: { type: 'object', x_kubernetes_preserve_unknown_fields: true },
                  },
                },
              },
              subresources: {
                scale: {
                  specReplicasPath: '.spec.replicas',
                  statusReplicasPath: '.status.replicas',
                },
              },
            },
          ],
        },
      },
    });
    await waitFor(async () => {
      const crd = await extensions.readCustomResourceDefinition({ name: crdName });
      return crd.status?.conditions?.some(
        (condition) => condition.type === 'Established' && condition.status === 'True',
      )
        ? true
        : undefined;
    }, `${crdName} established`);
    for (const [name, spec] of [
      ['root', HOST_PID_SPEC],
      ['plain', PLAIN_SPEC],
    ] as const) {
      await objects.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace,
        plural: 'podsets',
        body: podSet(name, spec),
      });
    }
    // A privileged Deployment for custom resources that name a workload to scale or run.
    await adminKubeConfig()
      .makeApiClient(AppsV1Api)
      .createNamespacedDeployment({
        namespace,
        body: {
          metadata: { name: 'priv' },
          spec: {
            replicas: 0,
            selector: { matchLabels: { app: 'priv' } },
            template: { metadata: { labels: { app: 'priv' } }, spec: HOST_PID_SPEC },
          },
        },
      });
    harness = await startToolHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    await extensions.deleteCustomResourceDefinition({ name: crdName }).catch(() => undefined);
  });

  function expectLevelRefusal(text: string): void {
    expect(text).toContain('Pod Security level "baseline" refuses these 2 fields');
    for (const field of ROOT_FIELDS) expect(text).toContain(field);
  }

  it('refuses an operator a new custom resource with a privileged pod template', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: manifest(podSet('sneaky', HOST_PID_SPEC)), namespace },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(`Nothing was applied: document 1 ${label('sneaky')}`);
    expectLevelRefusal(textOf(result));
    await expect(live('sneaky')).rejects.toMatchObject({ code: 404 });
  });

  it('lets an operator apply one that meets the level', async () => {
    const result = await harness.call(
      'kubectl_apply',
      { yaml: manifest(podSet('fine', PLAIN_SPEC)), namespace },
      operator,
    );
    expect([result.isError ?? false, textOf(result)]).toEqual([false, `${label('fine')} created`]);
  });

  it('refuses an operator part of the privileged one, judged merged with the live object', async () => {
    const result = await harness.call(
      'kubectl_apply',
      {
        yaml: manifest({
          apiVersion: `${group}/v1`,
          kind: 'PodSet',
          metadata: { name: 'root' },
          spec: { replicas: 3 },
        }),
        namespace,
        force: true,
      },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain('merged with the live object, the result breaks the level');
    expectLevelRefusal(textOf(result));
    expect((await live('root')).spec.replicas).toBe(1);
  });

  it('refuses an operator scaling the privileged one up, through its scale subresource', async () => {
    for (const dryRun of [false, true]) {
      const result = await harness.call(
        'kubectl_scale',
        { resource: crdName, name: 'root', namespace, replicas: 3, dryRun },
        operator,
      );
      expect(result.denied).toBe(true);
      expect(textOf(result)).toContain(`${label('root')} was not scaled from 1 to 3 replicas`);
      expectLevelRefusal(textOf(result));
    }
    expect((await live('root')).spec.replicas).toBe(1);
  });

  it('lets an operator scale the privileged one down and the compliant one up', async () => {
    const down = await harness.call(
      'kubectl_scale',
      { resource: crdName, name: 'root', namespace, replicas: 0 },
      operator,
    );
    expect(textOf(down)).toBe(`${label('root')} scaled from 1 to 0 replicas`);
    const up = await harness.call(
      'kubectl_scale',
      { resource: crdName, name: 'plain', namespace, replicas: 4 },
      operator,
    );
    expect(textOf(up)).toBe(`${label('plain')} scaled from 1 to 4 replicas`);
    expect((await live('plain')).spec.replicas).toBe(4);
  });

  it('refuses an operator an autoscaler whose target is the privileged one', async () => {
    const hpa = (name: string, target: string) => ({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: {
        scaleTargetRef: { apiVersion: `${group}/v1`, kind: 'PodSet', name: target },
        minReplicas: 5,
        maxReplicas: 10,
      },
    });
    const refused = await harness.call(
      'kubectl_apply',
      { yaml: manifest(hpa('grow-root', 'root')), namespace },
      operator,
    );
    expect(refused.denied).toBe(true);
    expect(textOf(refused)).toContain(
      `it scales ${label('root')}, whose pod template breaks the level`,
    );
    await expect(
      adminKubeConfig()
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: 'grow-root', namespace }),
    ).rejects.toMatchObject({ code: 404 });
    const allowed = await harness.call(
      'kubectl_apply',
      { yaml: manifest(hpa('grow-plain', 'plain')), namespace },
      operator,
    );
    expect(textOf(allowed)).toBe('horizontalpodautoscaler.autoscaling/grow-plain created');
  });

  it.each([
    ['scaleTargetRef', 'a KEDA ScaledObject'],
    ['workloadRef', 'an Argo Rollout'],
  ])('refuses one that names a privileged workload in %s, as %s does', async (field) => {
    const referring = {
      apiVersion: `${group}/v1`,
      kind: 'PodSet',
      metadata: { name: `by-${field.toLowerCase()}` },
      spec: { [field]: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'priv' } },
    };
    const result = await harness.call(
      'kubectl_apply',
      { yaml: manifest(referring), namespace },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      'it scales deployment.apps/priv, whose pod template breaks the level',
    );
    await expect(live(referring.metadata.name)).rejects.toMatchObject({ code: 404 });
  });

  it('lets an admin (privileged level) scale the privileged one up', async () => {
    const result = await harness.call(
      'kubectl_scale',
      { resource: crdName, name: 'root', namespace, replicas: 2 },
      admin,
    );
    expect(textOf(result)).toBe(`${label('root')} scaled from 0 to 2 replicas`);
  });
});
