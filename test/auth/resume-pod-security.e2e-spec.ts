import { AppsV1Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { callerWithRoles, writePolicyFile } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  acceptingClient as acceptingClientOf,
  ROOT_SPEC,
  ROOT_SPEC_FIELDS,
} from './privileged-workload.js';
import { startToolHarness, textOf, waitFor, type ToolHarness } from '../kubernetes/tool-harness.js';

const plainSpec = (image: string): V1PodSpec => ({ containers: [{ name: 'web', image }] });

/**
 * A paused Deployment keeps a changed template without rolling it out; resuming it rolls that
 * template out. So kubectl_rollout resume must check the template against the caller's Pod
 * Security level like kubectl_apply, or an operator could roll out the privileged template an
 * admin wrote while the Deployment was paused. Real SDK client, real cluster.
 */
describe('Pod Security levels on kubectl_rollout resume (auth enabled, real cluster)', () => {
  const namespace = uniqueNamespace('resume-pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const tokens: Record<string, string> = {};
  const asked: string[] = [];
  let sut: TestApp;
  let harness: ToolHarness;

  const pausedOf = async (name: string) =>
    Boolean((await apps.readNamespacedDeployment({ name, namespace })).spec!.paused);
  const replicaSetsOf = async (name: string) =>
    (await apps.listNamespacedReplicaSet({ namespace, labelSelector: `app=${name}` })).items;

  /** Creates a Deployment, lets it roll out, pauses it and then gives it a new template. */
  async function pausedWithNewTemplate(name: string, spec: V1PodSpec): Promise<void> {
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: plainSpec('nginx:1.26') },
        },
      },
    });
    await waitFor(
      async () => ((await replicaSetsOf(name)).length === 1 ? true : undefined),
      `revision 1 of ${name}`,
    );
    const live = await apps.readNamespacedDeployment({ name, namespace });
    live.spec!.paused = true;
    live.spec!.template.spec = spec;
    delete live.metadata!.resourceVersion; // the controller keeps updating the status
    await apps.replaceNamespacedDeployment({ name, namespace, body: live });
    // The controller has seen the paused spec, so the new template is kept, not rolled out.
    await waitFor(async () => {
      const deployment = await apps.readNamespacedDeployment({ name, namespace });
      const observed =
        (deployment.status?.observedGeneration ?? 0) >= deployment.metadata!.generation!;
      return observed ? true : undefined;
    }, `paused ${name} observed`);
    expect(await replicaSetsOf(name)).toHaveLength(1);
  }

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await pausedWithNewTemplate('root', ROOT_SPEC);
    await pausedWithNewTemplate('plain', plainSpec('nginx:1.27'));

    const accounts = [
      { name: 'cara', password: 'cara-password-1', roles: ['careful'], namespaces: [namespace] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      // An operator who is asked before every rollout call, so the question itself can be watched.
      AUTH_POLICY_FILE: writePolicyFile(
        'roles:\n  - name: careful\n    extends: [operator]\n    confirm: { tools: [kubectl_rollout] }\n',
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

  it('refuses an operator the resume of a paused privileged Deployment before asking, naming level and fields', async () => {
    asked.length = 0;
    const client = await acceptingClient('cara');
    try {
      const result = await client.callTool({
        name: 'kubectl_rollout',
        arguments: { action: 'resume', name: 'root', namespace },
      });
      expect(result.isError).toBe(true);
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text).toContain('deployment.apps/root was not resumed');
      expect(text).toContain('Pod Security level "baseline" refuses these 4 fields');
      for (const field of ROOT_SPEC_FIELDS) expect(text).toContain(field);
      expect(text).toContain('ask an admin');
      expect(asked).toEqual([]);
    } finally {
      await client.close();
    }
    expect(await pausedOf('root')).toBe(true);
  });

  it('refuses it also when the call itself runs, and no ReplicaSet runs the privileged template', async () => {
    const operator = callerWithRoles('otto', ['operator'], [namespace]);
    const result = await harness.call(
      'kubectl_rollout',
      { action: 'resume', name: 'root', namespace },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain('Pod Security level "baseline" refuses these 4 fields');
    expect(await pausedOf('root')).toBe(true);
    const sets = await replicaSetsOf('root');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.spec!.template!.spec!.hostPID).toBeUndefined();
    expect(sets[0]!.spec!.template!.spec!.containers[0]!.image).toBe('nginx:1.26');
  });

  it('lets an operator resume a paused Deployment whose template meets the level', async () => {
    asked.length = 0;
    const client = await acceptingClient('cara');
    try {
      const result = await client.callTool({
        name: 'kubectl_rollout',
        arguments: { action: 'resume', name: 'plain', namespace },
      });
      expect((result.content as { text: string }[])[0]!.text).toBe('deployment.apps/plain resumed');
      expect(asked).toHaveLength(1);
    } finally {
      await client.close();
    }
    expect(await pausedOf('plain')).toBe(false);
    await waitFor(async () => {
      const sets = await replicaSetsOf('plain');
      const rolled = sets.some(
        (set) => set.spec!.template!.spec!.containers[0]!.image === 'nginx:1.27',
      );
      return rolled ? true : undefined;
    }, 'plain rolled out to nginx:1.27');
  });

  it('lets an admin (privileged level) resume the paused privileged Deployment', async () => {
    const { body } = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_rollout',
      arguments: { action: 'resume', name: 'root', namespace },
    });
    expect(body.result.isError).toBeFalsy();
    expect(body.result.content[0]!.text).toBe('deployment.apps/root resumed');
    expect(await pausedOf('root')).toBe(false);
    await waitFor(async () => {
      const sets = await replicaSetsOf('root');
      return sets.some((set) => set.spec!.template!.spec!.hostPID === true) ? true : undefined;
    }, 'root rolled out to its privileged template');
  });
});
