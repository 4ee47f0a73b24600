import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { CoreV1Api } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { writePolicyFile } from '../support/callers.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Answer = 'accept' | 'decline' | 'cancel';

/**
 * Destructive calls ask the person behind the client through MCP elicitation; clients that
 * cannot ask get what the caller's confirmation rules say. Real SDK client, real cluster.
 */
describe('confirmation of destructive calls over POST /mcp (real SDK client, real cluster)', () => {
  const namespace = uniqueNamespace('confirm');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const tokens: Record<string, string> = {};
  const asked: { message: string }[] = [];
  let sut: TestApp;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const name of ['keep-decline', 'keep-cancel', 'gone-accept', 'keep-cleaner', 'gone-admin'])
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name }, data: { a: '1' } },
      });
    const accounts = [
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
      { name: 'cleo', password: 'cleo-password-1', roles: ['cleaner'], namespaces: [namespace] },
    ];
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      AUTH_POLICY_FILE: writePolicyFile(
        'roles:\n  - name: cleaner\n    extends: [operator]\n    tools: [kubectl_delete]\n',
      ),
    });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
  });
  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  /** An SDK client that declares elicitation and answers every question with `answer`. */
  async function elicitingClient(
    user: string,
    answer: Answer,
    version = '2025-11-25',
  ): Promise<Client> {
    const negotiation =
      version === '2026-07-28'
        ? { versionNegotiation: { mode: { pin: version } } }
        : { supportedProtocolVersions: [version] };
    const client = new Client(
      { name: 'e2e-confirm', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, ...negotiation },
    );
    client.setRequestHandler('elicitation/create', async (request) => {
      asked.push({ message: String(request.params.message) });
      return answer === 'accept'
        ? { action: 'accept', content: { confirm: true } }
        : { action: answer };
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${tokens[user]}` } },
      }),
    );
    return client;
  }

  const exists = (name: string) =>
    core.readNamespacedConfigMap({ name, namespace }).then(
      () => true,
      () => false,
    );
  const deleteArgs = (name: string) => ({ resource: 'configmaps', name, namespace });

  it.each([
    ['accept', 'gone-accept', false, false],
    ['decline', 'keep-decline', true, true],
    ['cancel', 'keep-cancel', true, true],
  ] as const)('asks before kubectl_delete; answer %s', async (answer, name, isError, survives) => {
    asked.length = 0;
    const client = await elicitingClient('ada', answer);
    try {
      const result = await client.callTool({ name: 'kubectl_delete', arguments: deleteArgs(name) });
      expect(asked).toEqual([
        {
          message: `Delete 1 configmaps in namespace "${namespace}": ${name}\n\nconfigmap/${name}`,
        },
      ]);
      expect(Boolean(result.isError)).toBe(isError);
      const text = (result.content as { text: string }[])[0]!.text;
      if (answer === 'accept') expect(text).toBe(`configmap "${name}" deleted`);
      else
        expect(text).toBe(
          `Not done: the confirmation was ${answer === 'decline' ? 'declined' : 'cancelled'}, so nothing was changed (Delete 1 configmaps in namespace "${namespace}": ${name}).`,
        );
      expect(await exists(name)).toBe(survives);
    } finally {
      await client.close();
    }
  });

  it('counts the declined and cancelled calls as declined', async () => {
    const samples = await scrape(sut.url);
    expect(
      valueOf(samples, 'mcp_tool_calls_total', { tool: 'kubectl_delete', outcome: 'declined' }),
    ).toBe(2);
  });

  it('without elicitation: an admin deletes (default allow), a non-admin role is refused and told why', async () => {
    const admin = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_delete',
      arguments: deleteArgs('gone-admin'),
    });
    expect(admin.body.result.isError).toBeFalsy();
    expect(await exists('gone-admin')).toBe(false);

    const cleaner = await mcpCall(sut.url, tokens.cleo!, 'tools/call', {
      name: 'kubectl_delete',
      arguments: deleteArgs('keep-cleaner'),
    });
    expect(cleaner.body.result.isError).toBe(true);
    expect(cleaner.body.result.content[0]!.text).toContain(
      "Not done: kubectl_delete needs a person's confirmation here",
    );
    expect(cleaner.body.result.content[0]!.text).toContain('confirm.withoutElicitation');
    expect(await exists('keep-cleaner')).toBe(true);
  });

  it('lets the same non-admin role delete once the person confirms through elicitation', async () => {
    const client = await elicitingClient('cleo', 'accept');
    try {
      const result = await client.callTool({
        name: 'kubectl_delete',
        arguments: deleteArgs('keep-cleaner'),
      });
      expect(result.isError).toBeFalsy();
      expect(await exists('keep-cleaner')).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('asks nothing for a dry run', async () => {
    asked.length = 0;
    const client = await elicitingClient('ada', 'decline');
    try {
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dry' } } });
      const result = await client.callTool({
        name: 'kubectl_delete',
        arguments: { ...deleteArgs('dry'), dryRun: true },
      });
      expect(result.isError).toBeFalsy();
      expect(asked).toEqual([]);
      expect(await exists('dry')).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("shows the diff before an apply that takes over other managers' fields (force)", async () => {
    asked.length = 0;
    const client = await elicitingClient('ada', 'decline');
    try {
      // Created by another field manager (the admin client), so force takes "a" over.
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: 'owned' }, data: { a: '1' } },
      });
      const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: owned, namespace: ${namespace} }\ndata: { a: "2" }\n`;
      const result = await client.callTool({
        name: 'kubectl_apply',
        arguments: { yaml, force: true },
      });
      expect(result.isError).toBe(true);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.message).toContain(
        'Apply 1 document, taking over fields other managers own (force)',
      );
      expect(asked[0]!.message).toContain('configmap/owned changed\n--- configmap/owned (live)');
      expect(asked[0]!.message).toContain('-  a: "1"\n+  a: "2"');
      const stored = await core.readNamespacedConfigMap({ name: 'owned', namespace });
      expect(stored.data).toEqual({ a: '1' });
    } finally {
      await client.close();
    }
  });

  it('asks before scaling to zero; a non-admin without elicitation is refused', async () => {
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ${namespace} }\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: web, image: nginx }] }\n`;
    const created = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: deployment },
    });
    expect(created.body.result.isError).toBeFalsy();
    const scale = { name: 'web', replicas: 0, namespace };
    const refused = await mcpCall(sut.url, tokens.cleo!, 'tools/call', {
      name: 'kubectl_scale',
      arguments: scale,
    });
    expect(refused.body.result.content[0]!.text).toContain(
      `needs a person's confirmation here (Scale deployments.apps "web" in namespace "${namespace}" to 0 replicas, stopping every pod)`,
    );
    const client = await elicitingClient('cleo', 'accept');
    try {
      const result = await client.callTool({ name: 'kubectl_scale', arguments: scale });
      expect(result.isError).toBeFalsy();
      expect((result.content as { text: string }[])[0]!.text).toContain(
        'scaled from 1 to 0 replicas',
      );
    } finally {
      await client.close();
    }
  });

  it.each([
    ['accept', 'modern-accept', false],
    ['decline', 'modern-decline', true],
  ] as const)(
    'on 2026-07-28 asks through an input_required round trip; answer %s',
    async (answer, name, survives) => {
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name } } });
      asked.length = 0;
      const client = await elicitingClient('ada', answer, '2026-07-28');
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
        const result = await client.callTool({
          name: 'kubectl_delete',
          arguments: deleteArgs(name),
        });
        expect(asked).toEqual([
          {
            message: `Delete 1 configmaps in namespace "${namespace}": ${name}\n\nconfigmap/${name}`,
          },
        ]);
        expect(Boolean(result.isError)).toBe(survives);
        expect(await exists(name)).toBe(survives);
      } finally {
        await client.close();
      }
    },
  );

  it('asks before an apply that removes fields from a live object, and not before an additive one', async () => {
    const settings = (data: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: pruned, namespace: ${namespace} }\ndata: { ${data} }\n`;
    const first = await mcpCall(sut.url, tokens.ada!, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: settings('a: "1", b: "2"') },
    });
    expect(first.body.result.content[0]!.text).toBe('configmap/pruned created');
    asked.length = 0;
    const client = await elicitingClient('ada', 'decline');
    try {
      const added = await client.callTool({
        name: 'kubectl_apply',
        arguments: { yaml: settings('a: "1", b: "2", c: "3"') },
      });
      expect(added.isError).toBeFalsy();
      expect(asked).toEqual([]);
      const removing = await client.callTool({
        name: 'kubectl_apply',
        arguments: { yaml: settings('a: "1"') },
      });
      expect(removing.isError).toBe(true);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.message).toContain(
        'Apply 1 document, removing fields from live objects (configmap/pruned: data.b, data.c)',
      );
      const stored = await core.readNamespacedConfigMap({ name: 'pruned', namespace });
      expect(stored.data).toEqual({ a: '1', b: '2', c: '3' });
    } finally {
      await client.close();
    }
    // A role that may not run it unconfirmed is refused when its client cannot ask.
    const cleaner = await mcpCall(sut.url, tokens.cleo!, 'tools/call', {
      name: 'kubectl_apply',
      arguments: { yaml: settings('a: "1"') },
    });
    expect(cleaner.body.result.content[0]!.text).toContain(
      "kubectl_apply needs a person's confirmation here",
    );
  });
});
