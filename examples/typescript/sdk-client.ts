// Signs in, then lists tools and the pods of a namespace with the official MCP SDK over
// Streamable HTTP. Node.js 24 runs this file as it is (no build step):
//   MCP_USERNAME=alice MCP_PASSWORD=... node sdk-client.ts [namespace]
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const serverUrl = new URL(process.env.MCP_SERVER_URL ?? 'http://localhost:3000/mcp');

/** POST /auth/login next to the MCP endpoint, e.g. http://host:3000/auth/login. */
async function login(username: string, password: string): Promise<string> {
  const response = await fetch(new URL('auth/login', serverUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { access_token?: string; message?: string };
  if (!response.ok || !body.access_token) {
    throw new Error(`Login failed (HTTP ${response.status}): ${body.message ?? 'no token'}`);
  }
  return body.access_token;
}

async function main(namespace: string): Promise<void> {
  const token =
    process.env.MCP_AUTH_TOKEN ??
    (await login(process.env.MCP_USERNAME ?? 'admin', process.env.MCP_PASSWORD ?? ''));
  const transport = new StreamableHTTPClientTransport(serverUrl, {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'k8s-typescript-example', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    console.log(`Tools: ${tools.map((tool) => tool.name).join(', ')}`);
    const result = await client.callTool({
      name: 'kubectl_get',
      arguments: { resource: 'pods', namespace },
    });
    const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    if (result.isError) throw new Error(text);
    console.log(text);
  } finally {
    await client.close();
  }
}

main(process.argv[2] ?? 'default').catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
