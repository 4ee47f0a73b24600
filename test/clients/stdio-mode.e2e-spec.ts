import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client, type CallToolResult, type JSONRPCMessage } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CoreV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';

import { MAIN, NODE, ensureBuilt } from '../support/built-server.js';
import { adminKubeConfig, uniqueNamespace, userKubeConfig } from '../support/cluster.js';
import { createNamespace, deleteNamespace, waitFor } from '../kubernetes/tool-harness.js';

const TIMEOUT = 240_000;

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

/**
 * `mcp-kubernetes-server --stdio` as Claude Desktop starts it: a child process speaking MCP on
 * stdin/stdout, acting with the user's own kubeconfig (here the cluster user "alice", who may
 * only read one namespace) and the roles of MCP_STDIO_ROLES.
 */
describe('stdio mode (local MCP clients such as Claude Desktop)', () => {
  const namespace = uniqueNamespace('stdio');
  const dir = mkdtempSync(join(tmpdir(), 'stdio-e2e-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const clients: Client[] = [];

  async function connect(
    env: Record<string, string>,
    options: ConstructorParameters<typeof Client>[1],
  ): Promise<{ client: Client; stderr: () => string }> {
    const transport = new StdioClientTransport({
      command: NODE,
      args: [MAIN, '--stdio'],
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig, ...env },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'claude-desktop-e2e', version: '1.0.0' }, options);
    clients.push(client);
    await client.connect(transport);
    return { client, stderr: () => stderr };
  }

  beforeAll(async () => {
    ensureBuilt();
    await createNamespace(namespace);
    await adminKubeConfig()
      .makeApiClient(RbacAuthorizationV1Api)
      .createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: { name: 'alice-view' },
          subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }],
          roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
        },
      });
    await adminKubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedPod({
        namespace,
        body: {
          metadata: { name: 'stdio-web' },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      });
    await adminKubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedConfigMap({ namespace, body: { metadata: { name: 'watched' }, data: {} } });
    await waitFor(async () => {
      const pod = await adminKubeConfig()
        .makeApiClient(CoreV1Api)
        .readNamespacedPod({ namespace, name: 'stdio-web' });
      return pod.status?.phase === 'Running' ? true : undefined;
    }, 'a Running pod');
    writeFileSync(kubeconfig, userKubeConfig('alice').exportConfig(), { mode: 0o600 });
  }, TIMEOUT);

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await deleteNamespace(namespace);
    rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  it(
    'serves the tools, prompts and resources as the local user, read-only by default, logging only to stderr',
    async () => {
      const { client, stderr } = await connect({}, { supportedProtocolVersions: ['2025-06-18'] });
      expect(client.getNegotiatedProtocolVersion()).toBe('2025-06-18');

      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toEqual(expect.arrayContaining(['kubectl_get', 'kubectl_logs']));
      expect(tools).not.toContain('kubectl_apply');
      expect(tools).not.toContain('kubectl_delete');
      const prompts = (await client.listPrompts()).prompts.map((prompt) => prompt.name);
      expect(prompts.length).toBeGreaterThan(0);
      const templates = (await client.listResourceTemplates()).resourceTemplates;
      expect(templates.map((template) => template.uriTemplate).join(' ')).toContain('k8s://');

      const pods = (await client.callTool({
        name: 'kubectl_get',
        arguments: { resource: 'pods', namespace },
      })) as CallToolResult;
      expect(pods.isError).toBeFalsy();
      expect(textOf(pods)).toContain('stdio-web');

      // The kubeconfig's user, not a server account: alice may not read other namespaces.
      const elsewhere = (await client.callTool({
        name: 'kubectl_get',
        arguments: { resource: 'pods', namespace: 'team-b' },
      })) as CallToolResult;
      expect(elsewhere.isError).toBe(true);
      expect(textOf(elsewhere)).toMatch(/forbidden|not allowed|cannot/i);

      const denied = (await client.callTool({
        name: 'kubectl_delete',
        arguments: { resource: 'pods', name: 'stdio-web', namespace },
      })) as CallToolResult;
      expect(denied.isError).toBe(true);
      expect(textOf(denied)).toContain('(roles: viewer) may not call tool "kubectl_delete"');

      // Live log lines arrive as progress notifications on stdout, before the result.
      const progress: string[] = [];
      const followed = (await client.callTool(
        {
          name: 'kubectl_logs',
          arguments: { pod: 'stdio-web', namespace, follow: true, durationSeconds: 3, lines: 1 },
        },
        { onprogress: (update) => progress.push(update.message ?? '') },
      )) as CallToolResult;
      expect(followed.isError).toBeFalsy();
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.join('\n')).toContain('"GET /item/');

      expect(stderr()).toContain('Serving MCP on stdio as');
      expect(stderr()).toContain('roles: viewer');
    },
    TIMEOUT,
  );

  it(
    'speaks protocol 2026-07-28 too',
    async () => {
      const { client } = await connect({}, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const pods = (await client.callTool({
        name: 'kubectl_get',
        arguments: { resource: 'pods', namespace },
      })) as CallToolResult;
      expect(textOf(pods)).toContain('stdio-web');
    },
    TIMEOUT,
  );

  it(
    'sends resource updates to a 2026-07-28 subscriptions/listen stream',
    async () => {
      const transport = new StdioClientTransport({
        command: NODE,
        args: [MAIN, '--stdio'],
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig },
        stderr: 'pipe',
      });
      const inbox: JSONRPCMessage[] = [];
      transport.onmessage = (message) => inbox.push(message);
      await transport.start();
      const uri = `k8s://${namespace}/configmaps/watched`;
      const received = (method: string) =>
        waitFor(
          async () =>
            inbox.find((message) => 'method' in message && message.method === method) as
              { params: Record<string, unknown> } | undefined,
          method,
          20_000,
        );
      try {
        await transport.send({
          jsonrpc: '2.0',
          id: 'listen-1',
          method: 'subscriptions/listen',
          params: {
            notifications: { resourceSubscriptions: [uri] },
            _meta: {
              'io.modelcontextprotocol/protocolVersion': '2026-07-28',
              'io.modelcontextprotocol/clientInfo': { name: 'e2e', version: '1.0.0' },
              'io.modelcontextprotocol/clientCapabilities': {},
            },
          },
        });
        const ack = await received('notifications/subscriptions/acknowledged');
        expect(ack.params).toMatchObject({ notifications: { resourceSubscriptions: [uri] } });
        await adminKubeConfig()
          .makeApiClient(CoreV1Api)
          .replaceNamespacedConfigMap({
            name: 'watched',
            namespace,
            body: { metadata: { name: 'watched' }, data: { v: '2' } },
          });
        const update = await received('notifications/resources/updated');
        expect(update.params).toMatchObject({
          uri,
          _meta: { 'io.modelcontextprotocol/subscriptionId': 'listen-1' },
        });
      } finally {
        await transport.close();
      }
    },
    TIMEOUT,
  );

  it(
    'gives the roles of MCP_STDIO_ROLES',
    async () => {
      const { client } = await connect(
        { MCP_STDIO_ROLES: 'operator' },
        { supportedProtocolVersions: ['2025-11-25'] },
      );
      const tools = (await client.listTools()).tools.map((tool) => tool.name);
      expect(tools).toContain('kubectl_apply');
      expect(tools).not.toContain('kubectl_delete');
    },
    TIMEOUT,
  );

  it('refuses to start with an unknown role, naming it and the known ones', () => {
    const run = spawnSync(NODE, [MAIN, '--stdio'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig, MCP_STDIO_ROLES: 'root' },
      input: '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'MCP_STDIO_ROLES names unknown role(s) "root"; use viewer, operator, admin or a role defined in AUTH_POLICY_FILE.',
    );
  });
});
