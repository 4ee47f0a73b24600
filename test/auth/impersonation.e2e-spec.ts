import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppConfig } from '#config';
import { KubernetesClientFactory } from '#kubernetes';
import { ANONYMOUS_ADMIN } from '#mcp';

import { adminKubeConfig, uniqueNamespace, userKubeConfig } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * K8S_IMPERSONATE=true: the server authenticates as "mcp-server" (which has no rights of its
 * own, only "impersonate") and the API server acts as the end user, so cluster RBAC decides.
 */
describe('Kubernetes impersonation of the caller', () => {
  const nsA = uniqueNamespace('imp-a');
  const nsB = uniqueNamespace('imp-b');
  const grant = uniqueNamespace('mcp-impersonate');
  const admin = adminKubeConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  let kubeconfigPath: string;
  let sut: TestApp;

  beforeAll(async () => {
    for (const name of [nsA, nsB]) await core.createNamespace({ body: { metadata: { name } } });
    // Group team-a (alice's group) may edit nsA only.
    await rbac.createNamespacedRoleBinding({
      namespace: nsA,
      body: {
        metadata: { name: 'team-a-edit' },
        subjects: [{ kind: 'Group', name: 'team-a', apiGroup: 'rbac.authorization.k8s.io' }],
        roleRef: { kind: 'ClusterRole', name: 'edit', apiGroup: 'rbac.authorization.k8s.io' },
      },
    });
    // The server's identity gets the impersonate verb and nothing else.
    await rbac.createClusterRole({
      body: {
        metadata: { name: grant },
        rules: [{ apiGroups: [''], resources: ['users', 'groups'], verbs: ['impersonate'] }],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: grant },
        subjects: [{ kind: 'User', name: 'mcp-server', apiGroup: 'rbac.authorization.k8s.io' }],
        roleRef: { kind: 'ClusterRole', name: grant, apiGroup: 'rbac.authorization.k8s.io' },
      },
    });
    kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'mcp-server-')), 'kubeconfig');
    writeFileSync(kubeconfigPath, userKubeConfig('mcp-server').exportConfig());
    sut = await startTestApp({
      KUBECONFIG: kubeconfigPath,
      AUTH_ENABLED: 'true',
      K8S_IMPERSONATE: 'true',
      AUTH_PROXY_USER_HEADER: 'X-Forwarded-User',
      AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
      AUTH_PROXY_TRUSTED_IPS: '127.0.0.1,::1',
      // The server lets team-a call every tool; the cluster decides where.
      AUTH_GROUP_ROLES: 'team-a=admin,nobody=admin',
    });
  });

  afterAll(async () => {
    await sut?.close();
    await rbac.deleteClusterRoleBinding({ name: grant }).catch(() => undefined);
    await rbac.deleteClusterRole({ name: grant }).catch(() => undefined);
    for (const name of [nsA, nsB]) await core.deleteNamespace({ name }).catch(() => undefined);
  });

  async function applyAs(user: string, groups: string, namespace: string, name: string) {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-user': user,
        'x-forwarded-groups': groups,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'kubectl_apply',
          arguments: {
            yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  by: ${user}\n`,
            namespace,
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    return (
      (await response.json()) as { result: { isError?: boolean; content: { text: string }[] } }
    ).result;
  }

  it('without impersonation the server identity itself has no rights', async () => {
    const own = userKubeConfig('mcp-server').makeApiClient(CoreV1Api);
    await expect(own.listNamespacedConfigMap({ namespace: nsA })).rejects.toThrow(/forbidden|403/i);
  });

  it('acts as alice (group team-a): allowed in her namespace, refused elsewhere by cluster RBAC', async () => {
    const inside = await applyAs('alice', 'team-a', nsA, 'by-alice');
    expect(inside.isError).not.toBe(true);
    const created = await core.readNamespacedConfigMap({ name: 'by-alice', namespace: nsA });
    expect(created.data).toEqual({ by: 'alice' });

    const outside = await applyAs('alice', 'team-a', nsB, 'by-alice');
    expect(outside.isError).toBe(true);
    expect(outside.content[0].text).toMatch(/forbidden/i);
    expect(outside.content[0].text).toContain('alice');
    await expect(
      core.readNamespacedConfigMap({ name: 'by-alice', namespace: nsB }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('refuses a user whose groups the cluster does not bind, even where alice may act', async () => {
    const refused = await applyAs('mallory', 'nobody', nsA, 'by-mallory');
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(/forbidden/i);
  });

  it('sends every group: the factory hands out typed clients that act as the caller', async () => {
    const config = AppConfig.fromEnvironment({
      KUBECONFIG: kubeconfigPath,
      AUTH_ENABLED: 'false',
      K8S_IMPERSONATE: 'true',
    });
    const sut = new KubernetesClientFactory(userKubeConfig('mcp-server'), config);
    const asAlice = sut.api(CoreV1Api, undefined, {
      ...ANONYMOUS_ADMIN,
      subject: 'alice',
      roles: ['admin'],
      namespaces: ['*'],
      groups: ['other', 'team-a'],
    });
    await expect(asAlice.listNamespacedConfigMap({ namespace: nsA })).resolves.toBeDefined();
    await expect(asAlice.listNamespacedConfigMap({ namespace: nsB })).rejects.toThrow(
      /forbidden|403/i,
    );
  });
});
