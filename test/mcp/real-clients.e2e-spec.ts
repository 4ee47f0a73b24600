/* eslint-disable @typescript-eslint/no-explicit-any -- the Inspector prints loose JSON. */
import { CoreV1Api } from '@kubernetes/client-node';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { login, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const MCP_REMOTE = resolve('node_modules/mcp-remote/dist/proxy.js');
const INSPECTOR = resolve(
  'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js',
);

/**
 * Third-party clients against the running server with authentication on: mcp-remote as the
 * stdio bridge Claude Desktop uses (driven by the SDK's stdio client) and the MCP Inspector
 * CLI. Each runs with a throw-away HOME and `--device-code` / `--stored-auth-only`, so a
 * refused token can never open a browser or reach anything but this server.
 */
describe('real MCP clients (auth enabled)', () => {
  const namespace = uniqueNamespace('real-clients');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const home = mkdtempSync(join(tmpdir(), 'mcp-client-home-'));
  let sut: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'bridge-check' }, data: { seen: 'yes' } },
    });
    const accounts = [
      { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
      { name: 'vera', password: 'vera-password-1', roles: ['viewer'] },
    ];
    sut = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: writeUsersFile(accounts) });
    for (const account of accounts)
      tokens[account.name] = await login(sut.url, account.name, account.password);
  });
  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  describe('mcp-remote stdio bridge driven by the SDK stdio client', () => {
    /** The bridge reads the token from a header file, keeping it out of the process list. */
    function bridge(path: string, transport: string, token: string) {
      const headerFile = join(mkdtempSync(join(home, 'headers-')), 'headers.txt');
      writeFileSync(headerFile, `Authorization: Bearer ${token}\n`, { mode: 0o600 });
      const stdio = new StdioClientTransport({
        command: process.execPath,
        args: [
          MCP_REMOTE,
          `${sut.url}${path}`,
          '--header-file',
          headerFile,
          '--transport',
          transport,
          '--allow-http',
          '--device-code',
          '--auth-timeout',
          '3',
        ],
        env: { PATH: process.env.PATH ?? '', HOME: home, MCP_REMOTE_CONFIG_DIR: home },
        stderr: 'pipe',
      });
      let stderr = '';
      stdio.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return { stdio, stderr: () => stderr };
    }

    /** Connects, or fails within 30 s with the bridge's own log (and the bridge stopped). */
    async function connect(client: Client, stdio: StdioClientTransport, log: () => string) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection after 30 s:\n${log()}`)), 30_000);
      });
      try {
        await Promise.race([client.connect(stdio), timeout]);
      } catch (error) {
        await stdio.close();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }

    it.each([
      ['/mcp', 'http-only', '2025-11-25'],
      ['/mcp', 'http-only', '2025-03-26'],
      ['/mcp/sse', 'sse-only', '2024-11-05'],
    ])(
      'lists tools and calls kubectl_get through %s (%s, protocol %s)',
      async (path, transport, version) => {
        const { stdio, stderr } = bridge(path, transport, tokens.ada);
        const client = new Client(
          { name: 'bridge-e2e', version: '1.0.0' },
          { supportedProtocolVersions: [version] },
        );
        await connect(client, stdio, stderr);
        try {
          expect(client.getNegotiatedProtocolVersion()).toBe(version);
          const names = (await client.listTools()).tools.map((tool) => tool.name);
          expect(names).toEqual(expect.arrayContaining(['kubectl_get', 'kubectl_delete']));
          const result = await client.callTool({
            name: 'kubectl_get',
            arguments: { resource: 'configmaps', namespace },
          });
          expect(result.isError).not.toBe(true);
          expect(JSON.stringify(result.content)).toContain('bridge-check');
        } catch (error) {
          throw new Error(`${(error as Error).message}\nmcp-remote stderr:\n${stderr()}`, {
            cause: error,
          });
        } finally {
          await client.close();
        }
      },
    );

    it('shows a viewer only the tools the viewer may call and refuses kubectl_delete', async () => {
      const { stdio, stderr } = bridge('/mcp', 'http-only', tokens.vera);
      const client = new Client({ name: 'bridge-e2e', version: '1.0.0' });
      await connect(client, stdio, stderr);
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('kubectl_get');
      expect(names).not.toContain('kubectl_delete');
      const refused = await client.callTool({
        name: 'kubectl_delete',
        arguments: { resource: 'configmap', name: 'bridge-check', namespace },
      });
      expect(refused.isError).toBe(true);
      expect(refused.content).toEqual([
        expect.objectContaining({
          text: expect.stringContaining(
            '"vera" (roles: viewer) may not call tool "kubectl_delete"',
          ),
        }),
      ]);
      await client.close();
      await expect(
        core.readNamespacedConfigMap({ name: 'bridge-check', namespace }),
      ).resolves.toBeDefined();
    });

    it('fails to connect with a bad token, without opening a browser', async () => {
      const { stdio, stderr } = bridge('/mcp', 'http-only', 'not-a-valid-token');
      const client = new Client({ name: 'bridge-e2e', version: '1.0.0' });
      await expect(connect(client, stdio, stderr)).rejects.toThrow();
      await client.close();
      // mcp-remote only starts OAuth discovery after the server answered 401.
      expect(stderr()).toContain('Discovering OAuth server configuration');
      expect(stderr()).toContain('no browser will be opened');
      expect(stderr()).not.toContain('Browser opened');
    });
  });

  describe('MCP Inspector CLI', () => {
    const run = promisify(execFile);

    async function inspector(
      target: string,
      token: string,
      ...args: string[]
    ): Promise<{ code: number; json: any; stderr: string }> {
      const argv = [
        INSPECTOR,
        '--cli',
        `${sut.url}${target}`,
        '--header',
        `Authorization: Bearer ${token}`,
        '--stored-auth-only',
        '--format',
        'json',
        ...args,
      ];
      const env = { PATH: process.env.PATH ?? '', HOME: home };
      try {
        const { stdout, stderr } = await run(process.execPath, argv, { env, timeout: 60_000 });
        return { code: 0, json: JSON.parse(stdout), stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        const output = failed.stdout.trim() || failed.stderr.trim();
        return {
          code: failed.code,
          json: JSON.parse(output.split('\n')[0]),
          stderr: failed.stderr,
        };
      }
    }

    it.each([
      ['/mcp', 'legacy'],
      ['/mcp', 'modern'],
      ['/mcp/sse', 'legacy'],
    ])('tools/list over %s (protocol era %s)', async (target, era) => {
      const { code, json } = await inspector(
        target,
        tokens.ada,
        '--protocol-era',
        era,
        '--method',
        'tools/list',
      );
      expect(code).toBe(0);
      expect(json.result.tools.map((tool: { name: string }) => tool.name)).toEqual(
        expect.arrayContaining(['kubectl_get', 'kubectl_apply', 'kubectl_delete']),
      );
    });

    it('finds no schema portability problems in any tool (--strict)', async () => {
      const { code, stderr } = await inspector(
        '/mcp',
        tokens.ada,
        '--method',
        'tools/list',
        '--strict',
      );
      // The Inspector prints a report only when it finds something.
      expect(stderr).not.toMatch(/Warning: tool|Error: tool|[1-9]\d* (errors|warnings)/);
      expect(code).toBe(0);
    });

    it('tools/call kubectl_get with --tool-arg', async () => {
      const { code, json } = await inspector(
        '/mcp',
        tokens.ada,
        '--method',
        'tools/call',
        '--tool-name',
        'kubectl_get',
        '--tool-arg',
        'resource=configmaps',
        `namespace=${namespace}`,
      );
      expect(code).toBe(0);
      expect(json.result.isError).not.toBe(true);
      expect(json.result.content[0].text).toContain('bridge-check');
    });

    it('hides kubectl_delete from a viewer', async () => {
      const { json } = await inspector('/mcp', tokens.vera, '--method', 'tools/list');
      const names = json.result.tools.map((tool: { name: string }) => tool.name);
      expect(names).toContain('kubectl_get');
      expect(names).not.toContain('kubectl_delete');
    });

    it('reports auth_required for a bad token instead of starting an OAuth flow', async () => {
      const { code, json } = await inspector('/mcp', 'not-a-valid-token', '--method', 'tools/list');
      expect(code).not.toBe(0);
      expect(json.error.code).toBe('auth_required');
      expect(json.error.message).toContain('401');
    });
  });
});
