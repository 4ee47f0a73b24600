// A minimal client in plain JavaScript: one JSON-RPC POST per call, no MCP library.
// Node.js 18 or later:
//   MCP_SERVER_URL=http://localhost:3000/mcp MCP_AUTH_TOKEN=... node custom-client.js
'use strict';

class MCPKubernetesClient {
  constructor(serverUrl, token) {
    this.serverUrl = serverUrl;
    this.token = token;
    this.requestId = 1;
  }

  async callTool(name, args) {
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
    return response.json();
  }

  async getPods(namespace = 'default') {
    return this.callTool('kubectl_get', { resource: 'pods', namespace });
  }
}

async function main() {
  const client = new MCPKubernetesClient(
    process.env.MCP_SERVER_URL || 'http://localhost:3000/mcp',
    process.env.MCP_AUTH_TOKEN,
  );
  const pods = await client.getPods(process.argv[2] || 'default');
  if (pods.error) throw new Error(pods.error.message);
  console.log(pods.result.content[0].text);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

module.exports = { MCPKubernetesClient };
