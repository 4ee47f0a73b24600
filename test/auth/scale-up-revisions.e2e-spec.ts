import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  type V1Deployment,
  type V1PodSpec,
  type V1StatefulSet,
} from '@kubernetes/client-node';

import { callerWithRoles } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startToolHarness, textOf, waitFor, type ToolHarness } from '../kubernetes/tool-harness.js';
import { HOST_PID_SPEC, PLAIN_SPEC } from './privileged-workload.js';

/**
 * More replicas do not always come from a workload's template. A paused (or mid-rollout)
 * Deployment gives new replicas to every ReplicaSet that still runs pods, and a StatefulSet
 * makes pods below its update partition from its current revision. An operator who makes the
 * template compliant must not be able to multiply an admin's privileged pods that way: not by
 * kubectl_scale, not by an apply that raises the replicas, not by an autoscaler, and not by
 * rolling back a paused Deployment. Real cluster and controllers.
 */
describe('Pod Security levels on the revisions more replicas would run (real cluster)', () => {
  const namespace = uniqueNamespace('revisions-pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const operator = callerWithRoles('otto', ['operator'], [namespace]);
  const admin = callerWithRoles('ada', ['admin'], [namespace]);
  let harness: ToolHarness;
  /** The ReplicaSet of the paused Deployment's privileged revision, still running. */
  let privilegedSet: string;
  /** The StatefulSet's current (privileged) revision, left in place by its partition. */
  let currentRevision: string;

  const deployment = (name: string, spec: V1PodSpec): V1Deployment => ({
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec },
    },
  });

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    // root: its privileged ReplicaSet runs; then paused, and its template made compliant.
    await apps.createNamespacedDeployment({ namespace, body: deployment('root', HOST_PID_SPEC) });
    privilegedSet = await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=root' });
      const set = sets.items[0];
      return sets.items.length === 1 && set?.spec?.replicas === 1 ? set.metadata!.name : undefined;
    }, 'the ReplicaSet of root');
    // Paused and changed in one write, so the controller makes no ReplicaSet for the new template.
    const root = await apps.readNamespacedDeployment({ name: 'root', namespace });
    root.spec!.paused = true;
    root.spec!.template.spec = PLAIN_SPEC;
    delete root.metadata!.resourceVersion; // the controller keeps updating the status
    await apps.replaceNamespacedDeployment({ name: 'root', namespace, body: root });
    // zero: a privileged Deployment scaled to 0, its only ReplicaSet kept at 0.
    await apps.createNamespacedDeployment({ namespace, body: deployment('zero', HOST_PID_SPEC) });
    await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=zero' });
      return sets.items.length === 1 ? true : undefined;
    }, 'the ReplicaSet of zero');
    const zero = await apps.readNamespacedDeployment({ name: 'zero', namespace });
    zero.spec!.replicas = 0;
    delete zero.metadata!.resourceVersion;
    await apps.replaceNamespacedDeployment({ name: 'zero', namespace, body: zero });
    await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=zero' });
      return sets.items[0]?.spec?.replicas === 0 ? true : undefined;
    }, 'the ReplicaSet of zero at 0');
    // db: one pod of a privileged revision, then a compliant template behind a partition no pod reaches.
    const statefulSet: V1StatefulSet = {
      metadata: { name: 'db' },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: HOST_PID_SPEC },
      },
    };
    await apps.createNamespacedStatefulSet({ namespace, body: statefulSet });
    await waitFor(async () => {
      const live = await apps.readNamespacedStatefulSet({ name: 'db', namespace });
      return live.status?.currentRevision && live.status.replicas === 1 ? true : undefined;
    }, 'the pod of the first revision of db');
    const live = await apps.readNamespacedStatefulSet({ name: 'db', namespace });
    live.spec!.template.spec = PLAIN_SPEC;
    live.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1000 } };
    await apps.replaceNamespacedStatefulSet({ name: 'db', namespace, body: live });
    currentRevision = await waitFor(async () => {
      const status = (await apps.readNamespacedStatefulSet({ name: 'db', namespace })).status;
      return status?.updateRevision && status.updateRevision !== status.currentRevision
        ? status.currentRevision
        : undefined;
    }, 'the second revision of db, behind its partition');
    harness = await startToolHarness();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  const replicasOf = async (name: string) =>
    (await apps.readNamespacedDeployment({ name, namespace })).spec!.replicas;

  it('refuses scaling up a paused Deployment whose running ReplicaSet is privileged', async () => {
    const result = await harness.call(
      'kubectl_scale',
      { name: 'root', namespace, replicas: 5 },
      operator,
    );
    expect(result.denied).toBe(true);
    const text = textOf(result);
    expect(text).toContain('deployment.apps/root was not scaled from 1 to 5 replicas, since');
    expect(text).toContain(
      `replicaset.apps/${privilegedSet} would get a share of the new replicas (it runs pods, or is the newest of a paused rollout)`,
    );
    expect(text).toContain('spec.template.spec.containers[0].securityContext.privileged');
    expect(await replicasOf('root')).toBe(1);
  });

  it('refuses an apply that raises its replicas, though its template meets the level', async () => {
    const result = await harness.call(
      'kubectl_apply',
      {
        yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: root\nspec:\n  replicas: 5\n',
        namespace,
        force: true,
      },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain('it raises the replicas from 1 to 5, and replicaset.apps/');
    expect(await replicasOf('root')).toBe(1);
  });

  it('refuses pausing, making compliant and scaling up at once a Deployment whose only ReplicaSet is privileged', async () => {
    const yaml = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'zero' },
      spec: {
        paused: true,
        replicas: 5,
        // Server-side apply keeps fields the admin's write owns unless they are overwritten.
        template: {
          spec: {
            hostPID: false,
            containers: [
              { name: 'web', image: 'nginx:1.27', securityContext: { privileged: false } },
            ],
          },
        },
      },
    });
    const result = await harness.call('kubectl_apply', { yaml, namespace, force: true }, operator);
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      'it raises the replicas from 0 to 5, and replicaset.apps/zero-',
    );
    expect(textOf(result)).toContain('or is the newest of a paused rollout');
    expect(await replicasOf('zero')).toBe(0);
  });

  it('refuses an autoscaler for it', async () => {
    const hpa = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: { name: grow-root }',
      'spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: root }, minReplicas: 5, maxReplicas: 10 }',
    ].join('\n');
    const result = await harness.call('kubectl_apply', { yaml: hpa, namespace }, operator);
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      `it scales deployment.apps/root, and replicaset.apps/${privilegedSet}`,
    );
  });

  it('refuses rolling back a paused Deployment, as kubectl does', async () => {
    const result = await harness.call(
      'kubectl_rollout',
      { action: 'undo', name: 'root', namespace },
      operator,
    );
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      'deployment.apps/root is paused; resume it (kubectl_rollout action=resume) before rolling back',
    );
  });

  it('refuses scaling up a StatefulSet whose current revision, behind its partition, is privileged', async () => {
    const result = await harness.call(
      'kubectl_scale',
      { resource: 'statefulset', name: 'db', namespace, replicas: 2 },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain(
      `statefulset.apps/db was not scaled from 1 to 2 replicas, since its current revision ${currentRevision}, from which it makes pods below its update partition, breaks the level`,
    );
    expect((await apps.readNamespacedStatefulSet({ name: 'db', namespace })).spec!.replicas).toBe(
      1,
    );
  });

  it('lets an admin (privileged level) scale both up', async () => {
    const deploymentScaled = await harness.call(
      'kubectl_scale',
      { name: 'root', namespace, replicas: 2 },
      admin,
    );
    expect(textOf(deploymentScaled)).toBe('deployment.apps/root scaled from 1 to 2 replicas');
    const statefulSetScaled = await harness.call(
      'kubectl_scale',
      { resource: 'statefulset', name: 'db', namespace, replicas: 2 },
      admin,
    );
    expect(textOf(statefulSetScaled)).toBe('statefulset.apps/db scaled from 1 to 2 replicas');
  });

  it('leaves no autoscaler behind', async () => {
    await expect(
      adminKubeConfig()
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: 'grow-root', namespace }),
    ).rejects.toMatchObject({ code: 404 });
  });
});
