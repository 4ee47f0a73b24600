import { AppsV1Api, BatchV1Api, CoreV1Api } from '@kubernetes/client-node';

import { stringify } from 'yaml';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { writePolicyFile } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The pod from the hardening issue: root on a node for whoever can create it.
const ROOT_POD_SPEC = {
  hostPID: true,
  hostNetwork: true,
  restartPolicy: 'Never',
  containers: [
    {
      name: 'shell',
      image: 'busybox',
      command: ['sleep', 'infinity'],
      securityContext: { privileged: true },
      volumeMounts: [{ name: 'host', mountPath: '/host' }],
    },
  ],
  volumes: [{ name: 'host', hostPath: { path: '/' } }],
};

const manifests = (namespace: string): Record<string, string> => {
  const template = { metadata: { labels: { app: 'root' } }, spec: ROOT_POD_SPEC };
  const workloadSpec = { selector: { matchLabels: { app: 'root' } }, template };
  return {
    Pod: stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'rootpod', namespace },
      spec: ROOT_POD_SPEC,
    }),
    Deployment: stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'rootdeploy', namespace },
      spec: {
        ...workloadSpec,
        template: { ...template, spec: { ...ROOT_POD_SPEC, restartPolicy: 'Always' } },
      },
    }),
    CronJob: stringify({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'rootcron', namespace },
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } },
    }),
  };
};

const VIOLATIONS = (prefix: string) => [
  `${prefix}.hostNetwork`,
  `${prefix}.hostPID`,
  `${prefix}.volumes[0].hostPath`,
  `${prefix}.containers[0].securityContext.privileged`,
];

/** Issue 9.3: a namespace limit must not be turned into root on a node through a pod. */
describe('Pod Security levels on kubectl_apply (auth enabled, real cluster)', () => {
  const namespace = uniqueNamespace('pss');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  const batch = adminKubeConfig().makeApiClient(BatchV1Api);
  const tokens: Record<string, string> = {};
  let sut: TestApp;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [namespace] },
      { name: 'rita', password: 'rita-password-1', roles: ['strict'], namespaces: [namespace] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      AUTH_POLICY_FILE: writePolicyFile(
        'roles:\n  - name: strict\n    extends: [operator]\n    podSecurity: restricted\n',
      ),
    });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
  });
  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  const apply = (user: string, yaml: string, dryRun: boolean) =>
    mcpCall(sut.url, tokens[user]!, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml, dryRun },
    });

  it.each([
    ['Pod', 'spec'],
    ['Deployment', 'spec.template.spec'],
    ['CronJob', 'spec.jobTemplate.spec.template.spec'],
  ])(
    'refuses the root %s to a namespace operator, dry run included, naming every field',
    async (kind, prefix) => {
      for (const dryRun of [true, false]) {
        const { body } = await apply('otto', manifests(namespace)[kind]!, dryRun);
        expect(body.result.isError).toBe(true);
        const text = body.result.content[0]!.text;
        expect(text).toContain('Nothing was applied');
        expect(text).toContain('Pod Security level "baseline" refuses these 4 fields');
        for (const path of VIOLATIONS(prefix)) expect(text).toContain(path);
      }
      await expect(core.readNamespacedPod({ name: 'rootpod', namespace })).rejects.toMatchObject({
        code: 404,
      });
      await expect(
        apps.readNamespacedDeployment({ name: 'rootdeploy', namespace }),
      ).rejects.toMatchObject({ code: 404 });
      await expect(
        batch.readNamespacedCronJob({ name: 'rootcron', namespace }),
      ).rejects.toMatchObject({ code: 404 });
    },
  );

  it('counts the refusals as denied', async () => {
    const samples = await scrape(sut.url);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_apply', outcome: 'denied' }),
    ).toBeGreaterThanOrEqual(6);
  });

  it('lets the same operator apply an ordinary Deployment, and refuses it at the restricted level of a policy role', async () => {
    const plain = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:\n      containers: [{ name: web, image: nginx }]\n`;
    const allowed = await apply('otto', plain, true);
    expect(allowed.body.result.isError).toBeFalsy();
    expect(allowed.body.result.content[0]!.text).toBe(
      'deployment.apps/web created (server dry run)',
    );

    const strict = await apply('rita', plain, true);
    expect(strict.body.result.isError).toBe(true);
    expect(strict.body.result.content[0]!.text).toContain(
      'Pod Security level "restricted" refuses',
    );
    expect(strict.body.result.content[0]!.text).toContain(
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    );
  });

  it('lets an admin (privileged level) dry-run the root pod', async () => {
    const { body } = await apply('ada', manifests(namespace)['Pod']!, true);
    expect(body.result.isError).toBeFalsy();
    expect(body.result.content[0]!.text).toBe('pod/rootpod created (server dry run)');
  });
});
