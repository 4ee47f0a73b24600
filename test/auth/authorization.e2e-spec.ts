import { CoreV1Api } from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { readLogLines, waitForLogLine } from '../support/log-file.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'hunter2-hunter2';
const secret = (namespace: string, password: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: ${namespace} }\nstringData: { password: ${password} }\n`;

const POLICY = `
roles:
  - name: platform
    extends: [admin]
`;

/**
 * Authorization decided once per caller: refusals of every kind are `denied` in metrics and
 * audit, with the target the tool reported, and a role extending admin gets what admin gets.
 */
describe('authorization on /mcp (auth enabled, real cluster)', () => {
  const own = uniqueNamespace('authz-own');
  const other = uniqueNamespace('authz-other');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const logFile = join(mkdtempSync(join(tmpdir(), 'authz-audit-')), 'server.log');
  const tokens: Record<string, string> = {};
  let sut: TestApp;

  beforeAll(async () => {
    for (const name of [own, other]) await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedSecret({
      namespace: own,
      body: { metadata: { name: 'creds' }, stringData: { password: PASSWORD } },
    });
    const policyFile = join(mkdtempSync(join(tmpdir(), 'authz-policy-')), 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const accounts = [
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [own] },
      { name: 'pia', password: 'pia-password-1', roles: ['platform'] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      AUTH_POLICY_FILE: policyFile,
      LOG_FILE: logFile,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
  });
  afterAll(async () => {
    await sut?.close();
    for (const name of [own, other]) await core.deleteNamespace({ name }).catch(() => undefined);
  });

  const call = (user: string, name: string, args: unknown) =>
    mcpCall(sut.url, tokens[user]!, 'tools/call', { name, arguments: args });

  it('records a namespace refusal as denied in metrics and audit, with the target', async () => {
    const refused = await call('otto', 'kubectl_get', {
      resource: 'configmaps',
      name: 'settings',
      namespace: other,
    });
    expect(refused.body.result).toMatchObject({
      isError: true,
      content: [
        {
          text: `Access to namespace "${other}" is not allowed for otto; allowed namespaces: ${own}`,
        },
      ],
    });
    const cluster = await call('otto', 'kubectl_get', { resource: 'nodes' });
    expect(cluster.body.result.isError).toBe(true);

    const samples = await scrape(sut.url);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_get', outcome: 'denied' }),
    ).toBe(2);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_get', outcome: 'error' }),
    ).toBe(0);

    await waitForLogLine(
      logFile,
      (line) =>
        line.context === 'Audit' &&
        line.tool === 'kubectl_get' &&
        line.outcome === 'denied' &&
        (line.target as { kind?: string })?.kind === 'Node',
    );
    const audit = readLogLines(logFile).filter(
      (line) => line.context === 'Audit' && line.user === 'otto',
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'tool_call',
          tool: 'kubectl_get',
          outcome: 'denied',
          target: { kind: 'ConfigMap', namespace: other, name: 'settings' },
        }),
        expect.objectContaining({
          tool: 'kubectl_get',
          outcome: 'denied',
          target: { kind: 'Node' },
        }),
      ]),
    );
  });

  it('refuses a whole apply when one document is outside the namespaces, writing nothing', async () => {
    const yaml = [
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine, namespace: ${own} }\n`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: sneaky, namespace: ${other} }\n`,
    ].join('---\n');
    const refused = await call('otto', 'kubectl_apply', { yaml });
    expect(refused.body.result.isError).toBe(true);
    expect(refused.body.result.content[0]!.text).toBe(
      `Nothing was applied: document 2 configmap/sneaky: Access to namespace "${other}" is not allowed for otto; allowed namespaces: ${own}`,
    );
    await expect(
      core.readNamespacedConfigMap({ name: 'fine', namespace: own }),
    ).rejects.toMatchObject({ code: 404 });
    const samples = await scrape(sut.url);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_apply', outcome: 'denied' }),
    ).toBe(1);
  });

  it('gives a policy role that extends admin what admin gets: RBAC writes and delete', async () => {
    const role = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: reader, namespace: ${own} }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n`;
    const applied = await call('pia', 'kubectl_apply', { yaml: role });
    expect(applied.body.result.isError).toBeFalsy();
    expect(applied.body.result.content[0]!.text).toBe(
      'role.rbac.authorization.k8s.io/reader created',
    );
    const deleted = await call('pia', 'kubectl_delete', {
      resource: 'roles',
      name: 'reader',
      namespace: own,
    });
    expect(deleted.body.result.isError).toBeFalsy();
  });

  it('masks Secret values for an admin by default (get yaml and json, describe)', async () => {
    for (const output of ['yaml', 'json']) {
      const shown = await call('ada', 'kubectl_get', {
        resource: 'secrets',
        name: 'creds',
        namespace: own,
        output,
      });
      expect(shown.body.result.isError).toBeFalsy();
      const text = JSON.stringify(shown.body.result);
      expect(text).toContain('<redacted: 15 bytes>');
      expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
      expect(text).not.toContain(PASSWORD);
    }
    const described = await call('ada', 'kubectl_describe', {
      resource: 'secrets',
      name: 'creds',
      namespace: own,
    });
    expect(JSON.stringify(described.body.result)).not.toContain(
      Buffer.from(PASSWORD).toString('base64'),
    );
  });

  it('gives an operator the same refusal for a right and a wrong Secret guess, dry run or not', async () => {
    const answers = [];
    for (const guess of [PASSWORD, 'wrong-guess-123']) {
      for (const dryRun of [true, false]) {
        const result = await call('otto', 'kubectl_apply', { yaml: secret(own, guess), dryRun });
        expect(result.body.result.isError).toBe(true);
        answers.push(result.body.result.content[0]!.text);
      }
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toBe(
      'Nothing was applied: document 1 secret/creds: writing a Secret (also as a dry run or diff) needs the writeSecrets capability, because the result would confirm a value otto may not read; ask an admin, or use a policy role with writeSecrets: true',
    );
    const stored = await core.readNamespacedSecret({ name: 'creds', namespace: own });
    expect(Buffer.from(stored.data!['password']!, 'base64').toString()).toBe(PASSWORD);
    const samples = await scrape(sut.url);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_apply', outcome: 'denied' }),
    ).toBeGreaterThanOrEqual(4);
  });

  it('uses the only namespace of a caller limited to one when a request names none', async () => {
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: own-default }\ndata: { a: "1" }\n';
    const applied = await call('otto', 'kubectl_apply', { yaml });
    expect(applied.body.result.content[0]!.text).toBe('configmap/own-default created');
    await expect(
      core.readNamespacedConfigMap({ name: 'own-default', namespace: own }),
    ).resolves.toBeDefined();
    const listed = await call('otto', 'kubectl_get', { resource: 'configmaps' });
    expect(listed.body.result.isError).toBeFalsy();
    expect(listed.body.result.structuredContent).toMatchObject({ namespace: own });
    expect(listed.body.result.content[0]!.text).toContain('own-default');
    // An unlimited caller still gets the server's default namespace.
    const admin = await call('ada', 'kubectl_get', { resource: 'configmaps' });
    expect(admin.body.result.structuredContent).toMatchObject({ namespace: 'default' });
  });
});
