// A minimal client in plain JavaScript: one JSON-RPC POST per call, no MCP library. The
// MCPKubernetesClient class is the one in the project description; login() adds sign-in.
// Node.js 18 or later:
//   MCP_SERVER_URL=http://localhost:3000/mcp MCP_USERNAME=admin MCP_PASSWORD=... node custom-client.js [namespace]
//   (or MCP_AUTH_TOKEN=... instead of a user name and password)
'use strict';

class MCPKubernetesClient {
  constructor(serverUrl, token) {
    this.serverUrl = serverUrl;
    this.token = token;
    this.requestId = 1;
  }

  /** POST /auth/login next to the MCP endpoint; returns a client that uses the new token. */
  static async login(serverUrl, username, password) {
    const response = await fetch(new URL('auth/login', serverUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(`Login failed (HTTP ${response.status}): ${body.message}`);
    }
    return new MCPKubernetesClient(serverUrl, body.access_token);
  }

  /** One JSON-RPC message per POST; resolves to the JSON-RPC response (or an HTTP error body). */
  async request(method, params) {
    const message = { jsonrpc: '2.0', id: this.requestId++, method, params };
    const response = await fetch(this.serverUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify(message),
    });
    return response.json();
  }

  async listTools() {
    return this.request('tools/list', {});
  }

  async callTool(name, args) {
    return this.request('tools/call', { name, arguments: args });
  }

  async getPods(namespace = 'default') {
    return this.callTool('kubectl_get', { resource: 'pods', namespace });
  }
}

async function main() {
  const serverUrl = process.env.MCP_SERVER_URL || 'http://localhost:3000/mcp';
  const client = process.env.MCP_AUTH_TOKEN
    ? new MCPKubernetesClient(serverUrl, process.env.MCP_AUTH_TOKEN)
    : await MCPKubernetesClient.login(
        serverUrl,
        process.env.MCP_USERNAME || 'admin',
        process.env.MCP_PASSWORD || '',
      );
  const tools = resultOf(await client.listTools());
  console.log(`Tools: ${tools.tools.map((tool) => tool.name).join(', ')}`);
  const pods = resultOf(await client.getPods(process.argv[2] || 'default'));
  if (pods.isError) throw new Error(pods.content[0].text);
  console.log(pods.content[0].text);
}

/** A refused request is a JSON-RPC error (protocol) or a plain HTTP error body (e.g. 401). */
function resultOf(response) {
  if (response.error || !response.result) {
    throw new Error(response.error?.message ?? response.message);
  }
  return response.result;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { MCPKubernetesClient };
