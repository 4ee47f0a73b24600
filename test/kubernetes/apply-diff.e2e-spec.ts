import { CoreV1Api } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'hunter2-hunter2';
const configMap = (namespace: string, name: string, mode: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${namespace} }\ndata: { mode: ${mode}, level: "1" }\n`;

/** kubectl_apply diff=true: review against the real API server's dry run, nothing written. */
describe('kubectl_apply diff mode over POST /mcp (real cluster)', () => {
  const namespace = uniqueNamespace('diff');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: TestApp;
  let admin: string;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: 'creds' }, stringData: { password: PASSWORD } },
    });
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
      ]),
    });
    admin = await login(sut.url, 'ada', 'ada-password-1');
    // Written by the server's field manager, so a later apply owns the fields it changes.
    const created = await mcpCall(sut.url, admin, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: configMap(namespace, 'settings', 'fast') },
    });
    expect(created.body.result.content[0]!.text).toBe('configmap/settings created');
  });
  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  const diff = async (yaml: string) =>
    (
      await mcpCall(sut.url, admin, 'tools/call', {
        name: 'kubectl_apply',
        arguments: { yaml, diff: true },
      })
    ).body.result;

  it('reports created, unchanged and changed per document, with a unified diff, and writes nothing', async () => {
    const result = await diff(
      [
        configMap(namespace, 'settings', 'fast'),
        configMap(namespace, 'settings', 'slow'),
        configMap(namespace, 'fresh', 'new'),
      ].join('---\n'),
    );
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      diff: boolean;
      results: { result: string; diff?: string }[];
    };
    expect(structured.diff).toBe(true);
    expect(structured.results.map((entry) => entry.result)).toEqual([
      'unchanged',
      'changed',
      'created',
    ]);
    expect(structured.results[0]!.diff).toBeUndefined();
    expect(structured.results[1]!.diff).toBe(
      [
        '--- configmap/settings (live)',
        '+++ configmap/settings (after apply)',
        '@@ -1,7 +1,7 @@',
        ' apiVersion: v1',
        ' data:',
        '   level: "1"',
        '-  mode: fast',
        '+  mode: slow',
        ' kind: ConfigMap',
        ' metadata:',
        '   name: settings',
      ].join('\n'),
    );
    expect(structured.results[2]!.diff).toContain(
      '--- /dev/null\n+++ configmap/fresh (after apply)',
    );
    const text = result.content[0]!.text;
    expect(text).toContain('configmap/settings unchanged (diff, nothing written)');
    expect(text).toContain(
      'configmap/settings changed (diff, nothing written)\n--- configmap/settings (live)',
    );

    const stored = await core.readNamespacedConfigMap({ name: 'settings', namespace });
    expect(stored.data).toEqual({ mode: 'fast', level: '1' });
    await expect(core.readNamespacedConfigMap({ name: 'fresh', namespace })).rejects.toMatchObject({
      code: 404,
    });
  });

  it('masks Secret values in the diff for an admin, marking only which key changes', async () => {
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata: { name: creds, namespace: ${namespace} }\nstringData: { password: another-value-1 }\n`;
    const result = await diff(yaml);
    expect(result.isError).toBeFalsy();
    const text = JSON.stringify(result);
    expect(text).toContain('<redacted: 15 bytes> (changed)');
    for (const value of [PASSWORD, 'another-value-1'])
      for (const form of [value, Buffer.from(value).toString('base64')])
        expect(text).not.toContain(form);
    const stored = await core.readNamespacedSecret({ name: 'creds', namespace });
    expect(Buffer.from(stored.data!['password']!, 'base64').toString()).toBe(PASSWORD);
  });
});
