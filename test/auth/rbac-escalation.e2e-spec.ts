import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// An operator may apply workloads, but a RoleBinding written with the server's credentials
// could grant anyone more than the operator role allows: only admins may write RBAC objects.
describe('RBAC objects through kubectl_apply', () => {
  const namespace = uniqueNamespace('rbac-esc');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const rbac = adminKubeConfig().makeApiClient(RbacAuthorizationV1Api);
  const binding = (name: string): string =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nsubjects:\n- kind: User\n  name: mallory\n  apiGroup: rbac.authorization.k8s.io\nroleRef:\n  kind: ClusterRole\n  name: cluster-admin\n  apiGroup: rbac.authorization.k8s.io\n`;
  let sut: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: writeUsersFile(accounts) });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
  });

  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('refuses an operator, says why, and writes nothing', async () => {
    const { body } = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: binding('escalate') },
    });
    expect(body.result?.isError).toBe(true);
    expect(JSON.stringify(body.result?.content)).toContain(
      'is an RBAC object and writing it needs the admin role',
    );
    await expect(
      rbac.readNamespacedRoleBinding({ namespace, name: 'escalate' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('refuses the whole operator manifest before writing any of its documents', async () => {
    const manifest = `${binding('escalate-2')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n  namespace: ${namespace}\n`;
    const { body } = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: manifest },
    });
    expect(body.result?.isError).toBe(true);
    expect(JSON.stringify(body.result?.content)).toContain('Nothing was applied: document 1');
    expect(JSON.stringify(body.result?.content)).toContain('needs the admin role');
    await expect(core.readNamespacedConfigMap({ namespace, name: 'fine' })).rejects.toMatchObject({
      code: 404,
    });
    await expect(
      rbac.readNamespacedRoleBinding({ namespace, name: 'escalate-2' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('lets an admin apply the same RoleBinding', async () => {
    const { body } = await mcpCall(sut.url, tokens.ada, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: binding('granted') },
    });
    expect(body.result?.isError).toBeFalsy();
    await expect(
      rbac.readNamespacedRoleBinding({ namespace, name: 'granted' }),
    ).resolves.toBeDefined();
  });
});
