import { SESSION_PROTOCOL } from './mcp-session.js';

export type LoadTransport = 'session' | 'plain' | 'session-per-call';

export interface CallOutcome {
  /** HTTP status of the tools/call request. */
  status: number;
  /** JSON-RPC error, tool error text or HTTP body when the call did not succeed. */
  error?: string;
  text: string;
  ms: number;
}

let nextId = 1;
const rpc = (method: string, params?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params });

/** The JSON-RPC answer of a JSON or SSE response body. */
export function answerOf(body: string): {
  result?: { content?: { text?: string }[]; isError?: boolean };
  error?: { message: string };
} {
  const json = body.trimStart().startsWith('{')
    ? body
    : (body
        .split('\n')
        .find((line) => line.startsWith('data:'))
        ?.slice(5) ?? '{}');
  return JSON.parse(json);
}

/** One MCP client of a load test: a session kept open, plain POSTs, or a session per call. */
export class LoadClient {
  private sessionHeaders?: Record<string, string>;

  /** `token`: a Bearer token, or '' when the server runs without auth. */
  constructor(
    private readonly url: string,
    private readonly token: string,
    readonly transport: LoadTransport,
  ) {}

  private get base(): Record<string, string> {
    const auth: Record<string, string> = this.token
      ? { authorization: `Bearer ${this.token}` }
      : {};
    return { ...auth, 'content-type': 'application/json' };
  }

  async open(): Promise<Record<string, string>> {
    const headers = {
      ...this.base,
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': SESSION_PROTOCOL,
    };
    const init = await fetch(`${this.url}/mcp`, {
      method: 'POST',
      headers,
      body: rpc('initialize', {
        protocolVersion: SESSION_PROTOCOL,
        capabilities: {},
        clientInfo: { name: 'load-test', version: '1' },
      }),
    });
    const body = await init.text();
    const sessionId = init.headers.get('mcp-session-id');
    if (init.status !== 200 || !sessionId) throw new Error(`initialize: ${init.status} ${body}`);
    const inSession = { ...headers, 'mcp-session-id': sessionId };
    await fetch(`${this.url}/mcp`, {
      method: 'POST',
      headers: inSession,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    }).then((response) => response.text());
    return inSession;
  }

  async close(headers = this.sessionHeaders): Promise<void> {
    if (!headers) return;
    await fetch(`${this.url}/mcp`, { method: 'DELETE', headers }).then((r) => r.text());
    if (headers === this.sessionHeaders) this.sessionHeaders = undefined;
  }

  async call(name: string, args: Record<string, unknown>): Promise<CallOutcome> {
    const started = performance.now();
    let headers: Record<string, string> = this.base;
    if (this.transport === 'session') headers = this.sessionHeaders ??= await this.open();
    if (this.transport === 'session-per-call') headers = await this.open();
    try {
      const response = await fetch(`${this.url}/mcp`, {
        method: 'POST',
        headers,
        body: rpc('tools/call', { name, arguments: args }),
      });
      const body = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) return { status: response.status, error: body, text: '', ms };
      const answer = answerOf(body);
      const text = (answer.result?.content ?? []).map((part) => part.text ?? '').join('\n');
      const error = answer.error?.message ?? (answer.result?.isError ? text : undefined);
      return { status: 200, error, text, ms };
    } finally {
      if (this.transport === 'session-per-call') await this.close(headers);
    }
  }
}
