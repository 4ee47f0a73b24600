// Bridges a stdio MCP client (Claude Desktop, any client that launches a local command) to
// the remote MCP Kubernetes server over HTTP. No dependencies: Node.js 18 or later.
//
//   MCP_SERVER_URL=https://mcp.example.com/mcp MCP_AUTH_TOKEN=... node mcp-client-proxy.js
//
// Messages are newline-delimited JSON-RPC on stdin/stdout (the MCP stdio transport); each one
// is POSTed to the server, and the session id the server assigns is sent back on later calls.
'use strict';

const readline = require('node:readline');

const serverUrl = process.env.MCP_SERVER_URL;
const token = process.env.MCP_AUTH_TOKEN;
if (!serverUrl) {
  process.stderr.write('MCP_SERVER_URL is not set; set it to the server URL ending in /mcp\n');
  process.exit(2);
}

let sessionId;
let pending = Promise.resolve();

function write(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function fail(id, code, message) {
  if (id === undefined || id === null) process.stderr.write(`${message}\n`);
  else write({ jsonrpc: '2.0', id, error: { code, message } });
}

async function forward(line) {
  let message;
  try {
    message = JSON.parse(line);
  } catch (error) {
    write({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: `Parse error: ${error.message}` },
    });
    return;
  }
  const id = message && message.id;
  try {
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (sessionId) headers['Mcp-Session-Id'] = sessionId;
    const response = await fetch(serverUrl, { method: 'POST', headers, body: line });
    sessionId = response.headers.get('mcp-session-id') || sessionId;
    const text = await response.text();
    if (!text) {
      // Notifications and responses are acknowledged with an empty 202.
      if (!response.ok) fail(id, -32603, `Server answered HTTP ${response.status}`);
      return;
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      fail(
        id,
        -32603,
        `Server answered HTTP ${response.status} with non-JSON: ${text.slice(0, 200)}`,
      );
      return;
    }
    if (Array.isArray(body) || body.jsonrpc === '2.0') write(body);
    else
      fail(
        id,
        -32603,
        `Server answered HTTP ${response.status}: ${body.message || text.slice(0, 200)}`,
      );
  } catch (error) {
    fail(id, -32603, `Cannot reach ${serverUrl}: ${error.message}`);
  }
}

// One message at a time keeps the order the client sent them in (initialize first).
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim()) pending = pending.then(() => forward(line));
});
