import { AppsV1Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { callerWithRoles } from '../support/callers.js';
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
 * A rollout undo writes an older pod template back: it must meet the caller's Pod Security
 * level like kubectl_apply, or an operator could return a Deployment to an admin's privileged
 * revision. Real SDK client, real cluster.
 */
describe('Pod Security levels on kubectl_rollout undo (auth enabled, real cluster)', () => {
  const namespace = uniqueNamespace('undo-pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const tokens: Record<string, string> = {};
  const asked: string[] = [];
  let sut: TestApp;
  let harness: ToolHarness;

  const templateSpec = async () =>
    (await apps.readNamespacedDeployment({ name: 'web', namespace })).spec!.template.spec!;
  const setTemplate = async (spec: V1PodSpec, revisions: number) => {
    const live = await apps.readNamespacedDeployment({ name: 'web', namespace });
    live.spec!.template.spec = spec;
    delete live.metadata!.resourceVersion; // the controller keeps updating the status
    await apps.replaceNamespacedDeployment({ name: 'web', namespace, body: live });
    await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace });
      return sets.items.length === revisions ? true : undefined;
    }, `${revisions} revisions of web`);
  };

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: ROOT_SPEC },
        },
      },
    });
    await waitFor(async () => {
      const sets = await apps.listNamespacedReplicaSet({ namespace });
      return sets.items.length === 1 ? true : undefined;
    }, 'revision 1 of web');
    await setTemplate(plainSpec('nginx:1.26'), 2);
    await setTemplate(plainSpec('nginx:1.27'), 3);

    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [namespace] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: writeUsersFile(accounts) });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
    harness = await startToolHarness();
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await harness?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  /** The operator's client: it declares elicitation and accepts every question. */
  const acceptingClient = (user: string) => acceptingClientOf(sut.url, tokens[user]!, asked);

  it('refuses an operator the undo to the privileged revision before asking, naming level and fields', async () => {
    asked.length = 0;
    const client = await acceptingClient('otto');
    try {
      const result = await client.callTool({
        name: 'kubectl_rollout',
        arguments: { action: 'undo', name: 'web', namespace, toRevision: 1 },
      });
      expect(result.isError).toBe(true);
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text).toContain('deployment.apps/web was not rolled back to revision 1');
      expect(text).toContain('Pod Security level "baseline" refuses these 4 fields');
      for (const field of ROOT_SPEC_FIELDS) expect(text).toContain(field);
      expect(asked).toEqual([]);
    } finally {
      await client.close();
    }
    expect((await templateSpec()).containers[0]!.image).toBe('nginx:1.27');
  });

  it('refuses it also when the call itself runs (the check does not rely on the question)', async () => {
    const operator = callerWithRoles('otto', ['operator'], [namespace]);
    const result = await harness.call(
      'kubectl_rollout',
      { action: 'undo', name: 'web', namespace, toRevision: 1 },
      operator,
    );
    expect(result.denied).toBe(true);
    expect(textOf(result)).toContain('Pod Security level "baseline" refuses these 4 fields');
    expect((await templateSpec()).hostPID).toBeUndefined();
  });

  it('lets the operator undo to an ordinary revision', async () => {
    asked.length = 0;
    const client = await acceptingClient('otto');
    try {
      const result = await client.callTool({
        name: 'kubectl_rollout',
        arguments: { action: 'undo', name: 'web', namespace },
      });
      expect((result.content as { text: string }[])[0]!.text).toBe(
        'deployment.apps/web rolled back to revision 2',
      );
      expect(asked).toHaveLength(1);
    } finally {
      await client.close();
    }
    expect((await templateSpec()).containers[0]!.image).toBe('nginx:1.26');
  });

  it('does not ask about an undo to the revision that is already running (nothing changes)', async () => {
    asked.length = 0;
    const client = await acceptingClient('otto');
    try {
      // The undo above made nginx:1.26's ReplicaSet revision 4, the current one.
      const result = await client.callTool({
        name: 'kubectl_rollout',
        arguments: { action: 'undo', name: 'web', namespace, toRevision: 4 },
      });
      expect((result.content as { text: string }[])[0]!.text).toBe(
        'deployment.apps/web is already at revision 4; skipped rollback',
      );
      expect(asked).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('lets an admin (privileged level) undo to the privileged revision', async () => {
    const { body } = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_rollout',
      arguments: { action: 'undo', name: 'web', namespace, toRevision: 1 },
    });
    expect(body.result.isError).toBeFalsy();
    expect(body.result.content[0]!.text).toBe('deployment.apps/web rolled back to revision 1');
    const spec = await templateSpec();
    expect(spec.hostPID).toBe(true);
    expect(spec.containers[0]!.securityContext?.privileged).toBe(true);
  });
});
