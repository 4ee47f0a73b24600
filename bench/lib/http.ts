import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface HttpCall {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  agent: http.Agent;
  timeoutMs?: number;
}

/** One request with a kept-alive agent; the whole body read as text. */
export function send(call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(call.url);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: call.method ?? 'GET',
        headers: {
          ...call.headers,
          ...(call.body !== undefined ? { 'content-length': Buffer.byteLength(call.body) } : {}),
        },
        agent: call.agent,
        timeout: call.timeoutMs ?? 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`timeout: ${call.url}`)));
    request.on('error', reject);
    request.end(call.body);
  });
}

export function keepAliveAgent(options: https.AgentOptions = {}): https.Agent {
  return new https.Agent({ keepAlive: true, maxSockets: 256, ...options });
}

export function loopbackAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 256 });
}

/** The JSON-RPC messages of a Streamable HTTP answer (a JSON body or an SSE stream). */
export function jsonRpcMessages(answer: HttpAnswer): JsonRpcMessage[] {
  const type = String(answer.headers['content-type'] ?? '');
  if (type.includes('text/event-stream')) {
    return answer.text
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => JSON.parse(line.slice(5).trim()) as JsonRpcMessage);
  }
  if (!answer.text.trim()) return [];
  const parsed = JSON.parse(answer.text) as JsonRpcMessage | JsonRpcMessage[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  result?: ToolCallResult & Record<string, unknown>;
  error?: { code: number; message: string };
}

export interface ToolCallResult {
  content?: { type: string; text?: string }[];
  isError?: boolean;
}

/** Characters of text a tool call gave back, or an error naming what failed. */
export function toolText(message: JsonRpcMessage | undefined, what: string): string {
  if (!message) throw new Error(`${what}: no JSON-RPC answer`);
  if (message.error) throw new Error(`${what}: ${message.error.message}`);
  const result = message.result;
  const text = (result?.content ?? []).map((part) => part.text ?? '').join('\n');
  if (result?.isError) throw new Error(`${what}: tool error: ${text.slice(0, 300)}`);
  return text;
}
