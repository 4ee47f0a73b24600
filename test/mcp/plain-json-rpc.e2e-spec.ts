/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC replies are read as loose JSON in these tests. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);

/** The seed README's examples, verbatim: one JSON-RPC POST, no Accept, no session, no initialize. */
describe('plain JSON-RPC over POST /mcp (the seed examples)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('answers the seed curl tools/list example with a JSON body', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      `${sut.url}/mcp`,
      '-H',
      'Authorization: Bearer YOUR_TOKEN',
      '-H',
      'Content-Type: application/json',
      '-d',
      '{\n    "jsonrpc": "2.0",\n    "id": 1,\n    "method": "tools/list"\n  }',
      '-w',
      '\n%{http_code} %{content_type}',
    ]);
    const [body, status] = stdout.split('\n');
    expect(status).toMatch(/^200 application\/json/);
    const reply = JSON.parse(body);
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: 1 });
    const names = reply.result.tools.map((tool: { name: string }) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['server_ping', 'kubectl_get']));
  });

  it('answers the seed fetch client (callTool kubectl_get pods in default) with the result', async () => {
    // The seed's MCPKubernetesClient, unchanged apart from the URL.
    class MCPKubernetesClient {
      private requestId = 1;
      constructor(
        private readonly serverUrl: string,
        private readonly token: string,
      ) {}
      async callTool(name: string, args: Record<string, unknown>) {
        const message = {
          jsonrpc: '2.0',
          id: this.requestId++,
          method: 'tools/call',
          params: { name, arguments: args },
        };
        const response = await fetch(this.serverUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
          body: JSON.stringify(message),
        });
        return response.json() as Promise<any>;
      }
      async getPods(namespace = 'default') {
        return this.callTool('kubectl_get', { resource: 'pods', namespace });
      }
    }
    const client = new MCPKubernetesClient(`${sut.url}/mcp`, 'YOUR_TOKEN');
    const pods = await client.getPods();
    expect(pods.error).toBeUndefined();
    expect(pods.result.isError).not.toBe(true);
    expect(pods.result.content[0].type).toBe('text');
  });

  it('calls the built-in server_ping tool and returns structured content', async () => {
    const reply = await postJson(sut.url, {
      jsonrpc: '2.0',
      id: 'p1',
      method: 'tools/call',
      params: { name: 'server_ping', arguments: { message: 'hello' } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.result.structuredContent).toMatchObject({
      reply: 'pong',
      message: 'hello',
      caller: 'anonymous',
    });
  });
});

export async function postJson(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(`${baseUrl}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
