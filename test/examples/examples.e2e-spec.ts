import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { login, writeUsersFile } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const run = promisify(execFile);

// The shipped examples are what users copy first: they must work against the real server.
describe('examples/', () => {
  let server: TestApp;
  let token: string;

  beforeAll(async () => {
    const usersFile = writeUsersFile([
      { name: 'ops', password: 'ops-password-123', roles: ['admin'] },
    ]);
    server = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: usersFile });
    token = await login(server.url, 'ops', 'ops-password-123');
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('mcp-client-proxy.js (Claude Desktop stdio bridge)', () => {
    async function connect(env: Record<string, string>): Promise<Client> {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [join(examples, 'mcp-client-proxy.js')],
        env: { PATH: process.env.PATH ?? '', ...env },
        stderr: 'pipe',
      });
      const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
      await client.connect(transport);
      return client;
    }

    it('initializes, lists tools and calls kubectl_get through the bridge', async () => {
      const client = await connect({ MCP_SERVER_URL: `${server.url}/mcp`, MCP_AUTH_TOKEN: token });
      try {
        const tools = await client.listTools();
        expect(tools.tools.map((tool) => tool.name)).toEqual(
          expect.arrayContaining([
            'kubectl_get',
            'kubectl_apply',
            'kubectl_delete',
            'kubectl_logs',
          ]),
        );
        const result = await client.callTool({
          name: 'kubectl_get',
          arguments: { resource: 'nodes' },
        });
        expect(result.isError).toBeFalsy();
        expect(JSON.stringify(result.content)).toContain('kwok-node-0');
      } finally {
        await client.close();
      }
    });

    it('turns a refused token into a JSON-RPC error the client can show', async () => {
      await expect(
        connect({ MCP_SERVER_URL: `${server.url}/mcp`, MCP_AUTH_TOKEN: 'not-a-token' }),
      ).rejects.toThrow(/HTTP 401/);
    });

    it('reports an unreachable server instead of hanging', async () => {
      await expect(
        connect({ MCP_SERVER_URL: 'http://127.0.0.1:9/mcp', MCP_AUTH_TOKEN: token }),
      ).rejects.toThrow(/Cannot reach http:\/\/127\.0\.0\.1:9\/mcp/);
    });

    it('exits with a clear message when MCP_SERVER_URL is missing', async () => {
      await expect(
        run(process.execPath, [join(examples, 'mcp-client-proxy.js')], { env: {} }),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('MCP_SERVER_URL is not set'),
      });
    });
  });

  describe('custom-client.js (plain fetch client)', () => {
    it('lists the pods of a namespace', async () => {
      const { stdout } = await run(
        process.execPath,
        [join(examples, 'custom-client.js'), 'kube-system'],
        {
          env: { MCP_SERVER_URL: `${server.url}/mcp`, MCP_AUTH_TOKEN: token },
        },
      );
      expect(stdout).toMatch(/pods? (found )?in namespace "kube-system"|NAME/);
    });

    it('fails with the server message for a bad token', async () => {
      await expect(
        run(process.execPath, [join(examples, 'custom-client.js')], {
          env: { MCP_SERVER_URL: `${server.url}/mcp`, MCP_AUTH_TOKEN: 'bad' },
        }),
      ).rejects.toMatchObject({ code: 1 });
    });
  });
});
