import { CoreV1Api } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { SECRET_ADMIN_POLICY, writePolicyFile } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'hunter2-hunter2';

/**
 * MCP resources (k8s://...) and the tools a limited caller might try to reach around the
 * tool checks: the same namespace limits, Secret masking and role rules apply.
 */
describe('k8s:// resources and tools for a namespace-limited operator (auth enabled)', () => {
  const own = uniqueNamespace('res-own');
  const other = uniqueNamespace('res-other');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: TestApp;
  let otto: string;
  let ada: string;
  let sam: string;

  beforeAll(async () => {
    for (const name of [own, other]) await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedSecret({
      namespace: own,
      body: { metadata: { name: 'creds' }, stringData: { password: PASSWORD } },
    });
    await core.createNamespacedConfigMap({
      namespace: other,
      body: { metadata: { name: 'theirs' }, data: { a: '1' } },
    });
    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [own] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
      { name: 'sam', password: 'sam-password-1', roles: ['secret-admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      AUTH_POLICY_FILE: writePolicyFile(SECRET_ADMIN_POLICY),
      K8S_EXEC_ENABLED: 'true',
    });
    otto = await login(sut.url, 'otto', 'otto-password-1');
    ada = await login(sut.url, 'ada', 'ada-password-1');
    sam = await login(sut.url, 'sam', 'sam-password-1');
  });
  afterAll(async () => {
    await sut?.close();
    for (const name of [own, other]) await core.deleteNamespace({ name }).catch(() => undefined);
  });

  const read = async (token: string, uri: string): Promise<string> =>
    JSON.stringify((await mcpCall(sut.url, token, 'resources/read', { uri })).body);

  it('masks Secret values in resources/read for operators and admins, and shows them to a role with revealSecrets', async () => {
    const uri = `k8s://${own}/secrets/creds`;
    for (const token of [otto, ada]) {
      const masked = await read(token, uri);
      expect(masked).toContain('<redacted: 15 bytes>');
      expect(masked).not.toContain(PASSWORD);
      expect(masked).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    }
    expect(await read(sam, uri)).toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('refuses resources/read outside the caller namespaces and on cluster-scoped objects', async () => {
    const outside = await read(otto, `k8s://${other}/configmaps/theirs`);
    expect(outside).toContain(
      `Access to namespace \\"${other}\\" is not allowed for otto; allowed namespaces: ${own}`,
    );
    expect(outside).not.toContain('a: \\"1\\"');
    const node = await read(otto, 'k8s://_cluster/nodes/kwok-node-0');
    expect(node).toContain(`nodes is cluster-scoped; otto may only use the namespaces ${own}`);
    const namespace = await read(otto, `k8s://_cluster/namespaces/${other}`);
    expect(namespace).toContain(`Access to namespace \\"${other}\\" is not allowed for otto`);
  });

  it('lists only the caller namespaces as resources', async () => {
    const listed = await mcpCall(sut.url, otto, 'resources/list');
    const uris = (listed.body.result as unknown as { resources: { uri: string }[] }).resources.map(
      (resource) => resource.uri,
    );
    expect(uris).toEqual([`k8s://_cluster/namespaces/${own}`]);
  });

  it('refuses kubectl_exec (enabled) to an operator, even in its own namespace', async () => {
    const listed = await mcpCall(sut.url, otto, 'tools/list');
    expect(listed.body.result.tools.map((tool) => tool.name)).not.toContain('kubectl_exec');
    const called = await mcpCall(sut.url, otto, 'tools/call', {
      name: 'kubectl_exec',
      arguments: { pod: 'x', namespace: own, command: ['id'] },
    });
    expect(called.body.result.isError).toBe(true);
    expect(called.body.result.content[0].text).toMatch(
      /^Access denied: "otto" \(roles: operator\) may not call tool "kubectl_exec"/,
    );
  });
});
