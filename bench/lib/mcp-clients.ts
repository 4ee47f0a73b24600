import http from 'node:http';

import { jsonRpcMessages, send, toolText, type JsonRpcMessage } from './http.ts';

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** One simulated MCP client: returns the characters of text each call gave back. */
export interface BenchClient {
  call(tool: ToolCall): Promise<number>;
  close(): Promise<void>;
}

export interface McpEndpoint {
  /** e.g. http://127.0.0.1:3000/mcp */
  url: string;
  headers: Record<string, string>;
  agent: http.Agent;
}

const PROTOCOL = '2025-06-18';
const SSE_PROTOCOL = '2024-11-05';
const STREAMABLE_ACCEPT = 'application/json, text/event-stream';

let nextId = 1;

function rpc(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params });
}

const INITIALIZED = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });

function initializeParams(protocolVersion: string) {
  return {
    protocolVersion,
    capabilities: {},
    clientInfo: { name: 'mcp-kubernetes-bench', version: '1.0.0' },
  };
}

/** initialize + notifications/initialized; the session id, when the server keeps sessions. */
async function openSession(endpoint: McpEndpoint): Promise<Record<string, string>> {
  const headers = {
    ...endpoint.headers,
    'content-type': 'application/json',
    accept: STREAMABLE_ACCEPT,
    'mcp-protocol-version': PROTOCOL,
  };
  const init = await send({
    method: 'POST',
    url: endpoint.url,
    headers,
    body: rpc('initialize', initializeParams(PROTOCOL)),
    agent: endpoint.agent,
  });
  if (init.status !== 200) throw new Error(`initialize: HTTP ${init.status} ${init.text}`);
  const sessionId = init.headers['mcp-session-id'];
  const inSession = sessionId ? { ...headers, 'mcp-session-id': String(sessionId) } : headers;
  await send({
    method: 'POST',
    url: endpoint.url,
    headers: inSession,
    body: INITIALIZED,
    agent: endpoint.agent,
  });
  return inSession;
}

async function callTool(
  endpoint: McpEndpoint,
  headers: Record<string, string>,
  tool: ToolCall,
): Promise<number> {
  const answer = await send({
    method: 'POST',
    url: endpoint.url,
    headers,
    body: rpc('tools/call', tool),
    agent: endpoint.agent,
  });
  if (answer.status !== 200) throw new Error(`${tool.name}: HTTP ${answer.status} ${answer.text}`);
  const reply = jsonRpcMessages(answer).find((message) => message.id !== undefined);
  return toolText(reply, tool.name).length;
}

async function closeSession(endpoint: McpEndpoint, headers: Record<string, string>) {
  if (!headers['mcp-session-id']) return;
  await send({ method: 'DELETE', url: endpoint.url, headers, agent: endpoint.agent });
}

/** A client that keeps one Streamable HTTP session open (what SDK clients do). */
export async function sessionClient(endpoint: McpEndpoint): Promise<BenchClient> {
  const headers = await openSession(endpoint);
  return {
    call: (tool) => callTool(endpoint, headers, tool),
    close: () => closeSession(endpoint, headers),
  };
}

/** Single JSON-RPC POSTs with only Content-Type: application/json (curl, fetch scripts). */
export async function plainClient(endpoint: McpEndpoint): Promise<BenchClient> {
  const headers = { ...endpoint.headers, 'content-type': 'application/json' };
  return { call: (tool) => callTool(endpoint, headers, tool), close: async () => undefined };
}

/** A new session for every call: initialize, initialized, the call, DELETE (what Dify does). */
export async function sessionPerCallClient(endpoint: McpEndpoint): Promise<BenchClient> {
  return {
    async call(tool) {
      const headers = await openSession(endpoint);
      try {
        return await callTool(endpoint, headers, tool);
      } finally {
        await closeSession(endpoint, headers);
      }
    },
    close: async () => undefined,
  };
}

/** The legacy HTTP+SSE transport: answers arrive on the GET stream, matched by id. */
export async function sseClient(baseUrl: string, endpoint: McpEndpoint): Promise<BenchClient> {
  const stream = await openSseStream(`${baseUrl}/mcp/sse`, endpoint.headers);
  const postUrl = new URL(await stream.endpoint, baseUrl).toString();
  const post = async (body: string) => {
    const answer = await send({
      method: 'POST',
      url: postUrl,
      headers: { ...endpoint.headers, 'content-type': 'application/json' },
      body,
      agent: endpoint.agent,
    });
    if (answer.status >= 300) throw new Error(`SSE post: HTTP ${answer.status} ${answer.text}`);
  };
  const request = async (method: string, params: unknown): Promise<JsonRpcMessage> => {
    const body = rpc(method, params);
    const id = (JSON.parse(body) as { id: number }).id;
    const reply = stream.reply(id);
    await post(body);
    return reply;
  };
  await request('initialize', initializeParams(SSE_PROTOCOL));
  await post(INITIALIZED);
  return {
    call: async (tool) => toolText(await request('tools/call', tool), tool.name).length,
    close: async () => stream.close(),
  };
}

export interface SseStream {
  endpoint: Promise<string>;
  reply(id: number): Promise<JsonRpcMessage>;
  close(): void;
}

/** A GET text/event-stream request read event by event. Each stream has its own socket. */
export function openSseStream(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const waiting = new Map<number | string, (message: JsonRpcMessage) => void>();
    let announce: (endpoint: string) => void = () => undefined;
    const endpoint = new Promise<string>((done) => (announce = done));
    const request = http.get(
      url,
      { headers: { ...headers, accept: 'text/event-stream' }, agent: false },
      (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET ${url}: HTTP ${response.statusCode}`));
          response.resume();
          return;
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const type = /^event: ?(.*)$/m.exec(event)?.[1] ?? 'message';
            const data = event
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (type === 'endpoint') announce(data);
            else if (type === 'message' && data) {
              const message = JSON.parse(data) as JsonRpcMessage;
              if (message.id !== undefined) waiting.get(message.id)?.(message);
              if (message.id !== undefined) waiting.delete(message.id);
            }
          }
        });
        resolve({
          endpoint,
          reply: (id) => new Promise((done) => waiting.set(id, done)),
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
  });
}

export interface CatalogueSize {
  tools: number;
  /** Characters of the tools array as JSON: what a model reads on every turn. */
  chars: number;
  largest: { name: string; chars: number };
}

/** tools/list inside a session, measured as the JSON text of the tools. */
export async function catalogueSize(endpoint: McpEndpoint): Promise<CatalogueSize> {
  const headers = await openSession(endpoint);
  try {
    const answer = await send({
      method: 'POST',
      url: endpoint.url,
      headers,
      body: rpc('tools/list', {}),
      agent: endpoint.agent,
    });
    const reply = jsonRpcMessages(answer).find((message) => message.id !== undefined);
    const tools = (reply?.result as { tools?: { name: string }[] } | undefined)?.tools;
    if (!tools) throw new Error(`tools/list: ${answer.status} ${answer.text.slice(0, 300)}`);
    const sizes = tools.map((tool) => ({ name: tool.name, chars: JSON.stringify(tool).length }));
    return {
      tools: tools.length,
      chars: JSON.stringify(tools).length,
      largest: sizes.reduce((a, b) => (b.chars > a.chars ? b : a)),
    };
  } finally {
    await closeSession(endpoint, headers);
  }
}
