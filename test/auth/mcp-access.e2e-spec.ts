import { CoreV1Api } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { readLogLines, waitForLogLine } from '../support/log-file.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const configMap = (name: string, namespace?: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data:\n  mode: fast\n`;

/** Roles and namespace limits enforced on real tool calls against the local cluster. */
describe('roles and namespaces on /mcp (auth enabled)', () => {
  const own = uniqueNamespace('auth-own');
  const other = uniqueNamespace('auth-other');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: TestApp;
  const tokens: Record<string, string> = {};
  const logFile = join(mkdtempSync(join(tmpdir(), 'auth-audit-')), 'server.log');

  beforeAll(async () => {
    for (const name of [own, other]) await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedConfigMap({
      namespace: own,
      body: { metadata: { name: 'keep-me' }, data: { a: '1' } },
    });
    const accounts = [
      { name: 'vera', password: 'vera-password-1', roles: ['viewer'] },
      { name: 'otto', password: 'otto-password-1', roles: ['operator'], namespaces: [own] },
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
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

  it('refuses /mcp without a token with 401 and a Bearer challenge', async () => {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await response.json()) as { message: string }).message).toContain(
      'Missing bearer token',
    );
  });

  it('shows each role only the tools it may call', async () => {
    const names = async (user: string): Promise<string[]> =>
      (await mcpCall(sut.url, tokens[user], 'tools/list')).body.result.tools.map(
        (tool: { name: string }) => tool.name,
      );
    const viewer = await names('vera');
    const operator = await names('otto');
    const admin = await names('ada');
    expect(viewer).toContain('kubectl_get');
    expect(viewer).not.toEqual(expect.arrayContaining(['kubectl_apply']));
    expect(viewer).not.toContain('kubectl_delete');
    expect(operator).toEqual(expect.arrayContaining(['kubectl_get', 'kubectl_apply']));
    expect(operator).not.toContain('kubectl_delete');
    expect(admin).toEqual(
      expect.arrayContaining(['kubectl_get', 'kubectl_apply', 'kubectl_delete']),
    );
  });

  it('refuses a viewer kubectl_delete, and the object survives; an admin may delete', async () => {
    const refused = await mcpCall(sut.url, tokens.vera, 'tools/call', {
      name: 'kubectl_delete',
      arguments: { resource: 'configmap', name: 'keep-me', namespace: own },
    });
    expect(refused.body.result.isError).toBe(true);
    expect(refused.body.result.content[0].text).toContain(
      'Access denied: "vera" (roles: viewer) may not call tool "kubectl_delete"',
    );
    await expect(
      core.readNamespacedConfigMap({ name: 'keep-me', namespace: own }),
    ).resolves.toBeDefined();

    const allowed = await mcpCall(sut.url, tokens.ada, 'tools/call', {
      name: 'kubectl_delete',
      arguments: { resource: 'configmap', name: 'keep-me', namespace: own },
    });
    expect(allowed.body.result.isError).not.toBe(true);
  });

  it('lets an operator apply in its namespace and refuses every document outside it', async () => {
    const inside = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: configMap('inside'), namespace: own },
    });
    expect(inside.body.result.isError).not.toBe(true);
    await expect(
      core.readNamespacedConfigMap({ name: 'inside', namespace: own }),
    ).resolves.toBeDefined();

    const outside = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: configMap('outside'), namespace: other },
    });
    expect(outside.body.result.isError).toBe(true);
    expect(outside.body.result.content[0].text).toContain(
      `namespace "${other}" is not allowed for otto`,
    );

    // A multi-document manifest naming the other namespace inside the document is refused too.
    const sneaky = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: `${configMap('sneaky', other)}---\n${configMap('fine', own)}` },
    });
    expect(sneaky.body.result.content[0].text).toContain(
      `namespace "${other}" is not allowed for otto`,
    );
    await expect(
      core.readNamespacedConfigMap({ name: 'sneaky', namespace: other }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('refuses an operator kubectl_delete even in its own namespace', async () => {
    const refused = await mcpCall(sut.url, tokens.otto, 'tools/call', {
      name: 'kubectl_delete',
      arguments: { resource: 'configmap', name: 'inside', namespace: own },
    });
    expect(refused.body.result.isError).toBe(true);
    expect(refused.body.result.content[0].text).toContain('may not call tool "kubectl_delete"');
  });

  it('writes one audit line per login and per tool call, without passwords or tokens', async () => {
    for (const [event, user, tool] of [
      ['login', 'otto', undefined],
      ['tool_call', 'vera', 'kubectl_delete'],
      ['tool_call', 'otto', 'kubectl_apply'],
    ])
      await waitForLogLine(
        logFile,
        (line) =>
          line.context === 'Audit' &&
          line.event === event &&
          line.user === user &&
          line.tool === tool,
      );
    const log = readFileSync(logFile, 'utf8');
    const audit = readLogLines(logFile).filter((entry) => entry.context === 'Audit');
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'login',
          user: 'otto',
          roles: ['operator'],
          outcome: 'success',
          sourceIp: expect.any(String),
        }),
        expect.objectContaining({
          event: 'tool_call',
          user: 'vera',
          roles: ['viewer'],
          tool: 'kubectl_delete',
          outcome: 'denied',
          requestId: expect.any(String),
          sourceIp: expect.any(String),
          durationMs: expect.any(Number),
        }),
        expect.objectContaining({
          event: 'tool_call',
          user: 'otto',
          tool: 'kubectl_apply',
          outcome: 'success',
          target: { kind: 'ConfigMap', namespace: own, name: 'inside' },
        }),
        expect.objectContaining({
          event: 'tool_call',
          user: 'otto',
          tool: 'kubectl_apply',
          outcome: 'denied',
          target: { kind: 'ConfigMap', namespace: other, name: 'outside' },
        }),
      ]),
    );
    for (const secret of [
      ...Object.values(tokens),
      'vera-password-1',
      'otto-password-1',
      'ada-password-1',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
