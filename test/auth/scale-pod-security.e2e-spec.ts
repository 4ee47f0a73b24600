import { AppsV1Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { callerWithRoles, writePolicyFile } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  acceptingClient as acceptingClientOf,
  PLAIN_SPEC,
  ROOT_SPEC,
  ROOT_SPEC_FIELDS,
} from './privileged-workload.js';
import { startToolHarness, textOf, waitFor, type ToolHarness } from '../kubernetes/tool-harness.js';

/**
 * More replicas run more pods from a workload's template, so kubectl_scale may raise the count
 * only when the template meets the caller's Pod Security level: otherwise an operator could
 * scale up the old ReplicaSet of a privileged revision that rollout undo refuses, or a
 * workload an admin made privileged. Real SDK client, real cluster.
 */
describe('Pod Security levels on kubectl_scale (auth enabled, real cluster)', () => {
  const namespace = uniqueNamespace('scale-pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const operator = callerWithRoles('otto', ['operator'], [namespace]);
  const tokens: Record<string, string> = {};
  const asked: string[] = [];
  let sut: TestApp;
  let harness: ToolHarness;
  /** The ReplicaSet of web's first, privileged revision, scaled to 0 by the rollout. */
  let oldSet: { name: string; hash: string };

  const deployment = (name: string, spec: V1PodSpec) => ({
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec },
    },
  });
  const replicasOf = async (name: string) =>
    (await apps.readNamespacedDeployment({ name, namespace })).spec!.replicas;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({ namespace, body: deployment('web', ROOT_SPEC) });
    await apps.createNamespacedDeployment({ namespace, body: deployment('root', ROOT_SPEC) });
    await apps.createNamespacedDeployment({ namespace, body: deployment('plain', PLAIN_SPEC) });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: { ...deployment('db', ROOT_SPEC).spec, replicas: 0, serviceName: 'db' },
      },
    });
    await core.createNamespacedReplicationController({
      namespace,
      body: {
        metadata: { name: 'rc' },
        spec: {
          replicas: 0,
          selector: { app: 'rc' },
          template: { metadata: { labels: { app: 'rc' } }, spec: ROOT_SPEC },
        },
      },
    });
    await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
      return sets.items.length === 1 ? true : undefined;
    }, 'revision 1 of web');
    const live = await apps.readNamespacedDeployment({ name: 'web', namespace });
    live.spec!.template.spec = PLAIN_SPEC;
    delete live.metadata!.resourceVersion; // the controller keeps updating the status
    await apps.replaceNamespacedDeployment({ name: 'web', namespace, body: live });
    oldSet = await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace, labelSelector: 'app=web' });
      const first = sets.items.find(
        (set) => set.metadata!.annotations?.['deployment.kubernetes.io/revision'] === '1',
      );
      return sets.items.length === 2 && first?.spec!.replicas === 0
        ? { name: first.metadata!.name!, hash: first.metadata!.labels!['pod-template-hash']! }
        : undefined;
    }, 'web rolled out to revision 2, revision 1 scaled to 0');

    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [namespace] },
      { name: 'cara', password: 'cara-password-1', roles: ['careful'], namespaces: [namespace] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      // An operator who is asked before every scale, so the question itself can be watched.
      AUTH_POLICY_FILE: writePolicyFile(
        'roles:\n  - name: careful\n    extends: [operator]\n    confirm: { tools: [kubectl_scale] }\n',
      ),
    });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
    harness = await startToolHarness();
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await harness?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  /** A client that declares elicitation and accepts every question. */
  const acceptingClient = (user: string) => acceptingClientOf(sut.url, tokens[user]!, asked);

  async function scaleAs(user: string, args: Record<string, unknown>) {
    asked.length = 0;
    const client = await acceptingClient(user);
    try {
      const result = await client.callTool({ name: 'kubectl_scale', arguments: args });
      return { isError: result.isError, text: (result.content as { text: string }[])[0]!.text };
    } finally {
      await client.close();
    }
  }

  function expectRefusal(text: string, label: string, from: number, to: number): void {
    expect(text).toContain(`${label} was not scaled from ${from} to ${to} replicas`);
    expect(text).toContain('Pod Security level "baseline" refuses these 4 fields');
    for (const field of ROOT_SPEC_FIELDS) expect(text).toContain(field);
    expect(text).toContain('scale a workload that meets the level, or ask an admin');
  }

  it('refuses an operator scaling up the old ReplicaSet of the privileged revision; no pods appear', async () => {
    const result = await scaleAs('otto', {
      resource: 'replicaset',
      name: oldSet.name,
      namespace,
      replicas: 3,
    });
    expect(result.isError).toBe(true);
    expectRefusal(result.text, `replicaset.apps/${oldSet.name}`, 0, 3);
    const set = await apps.readNamespacedReplicaSet({ name: oldSet.name, namespace });
    expect(set.spec!.replicas).toBe(0);
    const pods = await core.listNamespacedPod({
      namespace,
      labelSelector: `pod-template-hash=${oldSet.hash}`,
    });
    expect(pods.items).toEqual([]);
  });

  it('refuses it in the call itself as a denial, dry runs included', async () => {
    for (const dryRun of [false, true]) {
      const result = await harness.call(
        'kubectl_scale',
        { resource: 'replicaset', name: oldSet.name, namespace, replicas: 3, dryRun },
        operator,
      );
      expect(result.denied).toBe(true);
      expectRefusal(textOf(result), `replicaset.apps/${oldSet.name}`, 0, 3);
    }
    expect(
      (await apps.readNamespacedReplicaSet({ name: oldSet.name, namespace })).spec!.replicas,
    ).toBe(0);
  });

  it('refuses scaling up a Deployment an admin made privileged, before a person is asked', async () => {
    const result = await scaleAs('cara', { name: 'root', namespace, replicas: 3 });
    expect(result.isError).toBe(true);
    expectRefusal(result.text, 'deployment.apps/root', 1, 3);
    expect(asked).toEqual([]);
    const direct = await harness.call(
      'kubectl_scale',
      { name: 'root', namespace, replicas: 2 },
      operator,
    );
    expect(direct.denied).toBe(true);
    expectRefusal(textOf(direct), 'deployment.apps/root', 1, 2);
    expect(await replicasOf('root')).toBe(1);
  });

  it.each([
    ['statefulset', 'db', 'statefulset.apps/db'],
    ['replicationcontroller', 'rc', 'replicationcontroller/rc'],
  ])('refuses scaling up a privileged %s alike', async (resource, name, label) => {
    const result = await harness.call(
      'kubectl_scale',
      { resource, name, namespace, replicas: 1 },
      operator,
    );
    expect(result.denied).toBe(true);
    expectRefusal(textOf(result), label, 0, 1);
  });

  it('lets the operator keep or lower the count of the privileged Deployment', async () => {
    const same = await harness.call(
      'kubectl_scale',
      { name: 'root', namespace, replicas: 1 },
      operator,
    );
    expect(textOf(same)).toBe('deployment.apps/root scaled from 1 to 1 replicas');
    const down = await scaleAs('otto', { name: 'root', namespace, replicas: 0 });
    expect(down).toEqual({
      isError: undefined,
      text: 'deployment.apps/root scaled from 1 to 0 replicas',
    });
    expect(asked).toHaveLength(1); // scaling to 0 is confirmed, as before
    expect(await replicasOf('root')).toBe(0);
  });

  it('lets an admin (privileged level) scale the privileged Deployment up', async () => {
    const { body } = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_scale',
      arguments: { name: 'root', namespace, replicas: 2 },
    });
    expect(body.result.isError).toBeFalsy();
    expect(body.result.content[0]!.text).toBe('deployment.apps/root scaled from 0 to 2 replicas');
    expect(await replicasOf('root')).toBe(2);
  });

  it('lets an operator scale a compliant Deployment up, asking only when the role says so', async () => {
    const careful = await scaleAs('cara', { name: 'plain', namespace, replicas: 3 });
    expect(careful.text).toBe('deployment.apps/plain scaled from 1 to 3 replicas');
    expect(asked).toEqual([
      `Scale deployments.apps "plain" in namespace "${namespace}" to 3 replicas`,
    ]);
    const plain = await scaleAs('otto', { name: 'plain', namespace, replicas: 4 });
    expect(plain.text).toBe('deployment.apps/plain scaled from 3 to 4 replicas');
    expect(asked).toEqual([]);
    expect(await replicasOf('plain')).toBe(4);
  });
});
