import { CoreV1Api } from '@kubernetes/client-node';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { openStreamableSession } from '../support/mcp-session.js';
import { scrape, valueOf, type Sample } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a stream until `marker` appears; returns the text seen so far. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string) {
  let seen = '';
  while (!seen.includes(marker)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before "${marker}": ${seen}`);
    seen += new TextDecoder().decode(value);
  }
  return seen;
}

/** Polls /metrics until `check` holds, so gauges updated on socket close are not raced. */
async function eventually(url: string, check: (samples: Sample[]) => boolean): Promise<Sample[]> {
  let samples = await scrape(url);
  for (let i = 0; i < 40 && !check(samples); i++) {
    await sleep(50);
    samples = await scrape(url);
  }
  return samples;
}

/** Every metric of issue 6 moves when the real app serves real MCP traffic against the cluster. */
describe('metrics wiring (real app, real cluster)', () => {
  const namespace = uniqueNamespace('metrics');
  const missingPod = 'no-such-pod-metrics-check';
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const secrets: string[] = [];
  let sut: TestApp;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
        { name: 'vera', password: 'vera-password-1', roles: ['viewer'] },
      ]),
      // Two real logins plus one wrong password fit; the fourth attempt is refused.
      LOGIN_RATE_LIMIT_MAX: '3',
      LOGIN_RATE_LIMIT_WINDOW: '1m',
    });
    admin = await login(sut.url, 'ada', 'ada-password-1');
    viewer = await login(sut.url, 'vera', 'vera-password-1');
    secrets.push(admin, viewer);
  });
  afterAll(async () => {
    await sut?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  const call = (token: string, name: string, args: unknown) =>
    mcpCall(sut.url, token, 'tools/call', { name, arguments: args });

  it('counts tool calls by tool and outcome, with latency, and Kubernetes requests by operation', async () => {
    const ok = await call(admin, 'kubectl_get', { resource: 'pods', namespace });
    expect(ok.body.result.isError).toBeFalsy();
    const invalid = await call(admin, 'kubectl_get', { resource: 'pods', limit: 0 });
    expect(invalid.body.result.content[0]!.text).toContain('Invalid arguments');
    const missing = await call(admin, 'kubectl_get', {
      resource: 'pods',
      name: missingPod,
      namespace,
    });
    expect(missing.body.result.isError).toBe(true);
    const denied = await call(viewer, 'kubectl_delete', {
      resource: 'pods',
      name: missingPod,
      namespace,
    });
    expect(denied.body.result.content[0]!.text).toContain('Access denied');

    const samples = await scrape(sut.url);
    const calls = (tool: string, outcome: string) =>
      valueOf(samples, 'mcp_tool_calls_total', { tool, outcome });
    expect(calls('kubectl_get', 'success')).toBe(1);
    expect(calls('kubectl_get', 'invalid')).toBe(1);
    expect(calls('kubectl_get', 'error')).toBe(1);
    expect(calls('kubectl_delete', 'denied')).toBe(1);
    expect(calls('kubectl_delete', 'success')).toBe(0);
    for (const [tool, outcome] of [
      ['kubectl_get', 'success'],
      ['kubectl_delete', 'denied'],
    ]) {
      const labels = { tool: tool!, outcome: outcome! };
      expect(valueOf(samples, 'mcp_tool_call_duration_seconds_count', labels)).toBe(1);
      expect(valueOf(samples, 'mcp_tool_call_duration_seconds_sum', labels)).toBeGreaterThan(0);
    }

    // The list and the failed get reached the API server; the denied call did not.
    const k8s = (operation: string, outcome: string) =>
      valueOf(samples, 'kubernetes_api_request_duration_seconds_count', { operation, outcome });
    expect(k8s('list pods', 'success')).toBe(1);
    expect(k8s('get pods', 'error')).toBe(1);
    expect(k8s('delete pods', 'success') + k8s('delete pods', 'error')).toBe(0);
    expect(
      valueOf(samples, 'kubernetes_api_errors_total', { operation: 'get pods', status: '404' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'kubernetes_api_request_duration_seconds_bucket', {
        operation: 'list pods',
        outcome: 'success',
        le: '+Inf',
      }),
    ).toBe(1);
    expect(
      valueOf(samples, 'kubernetes_api_request_duration_seconds_sum', {
        operation: 'list pods',
        outcome: 'success',
      }),
    ).toBeGreaterThan(0);
  });

  it('keeps the session and stream gauges in step with Streamable HTTP sessions', async () => {
    const { sessionId, headers: inSession } = await openStreamableSession(sut.url, admin);
    secrets.push(sessionId);

    const stream = await fetch(`${sut.url}/mcp`, {
      headers: { ...inSession, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(200);
    const open = await eventually(
      sut.url,
      (s) => valueOf(s, 'mcp_sse_streams_open', { transport: 'streamable-http' }) === 1,
    );
    expect(valueOf(open, 'mcp_sessions_open', { transport: 'streamable-http' })).toBe(1);
    expect(valueOf(open, 'mcp_sse_streams_open', { transport: 'streamable-http' })).toBe(1);

    const closed = await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: inSession });
    expect(closed.status).toBe(200);
    await stream.body!.cancel().catch(() => undefined);
    const after = await eventually(
      sut.url,
      (s) => valueOf(s, 'mcp_sse_streams_open', { transport: 'streamable-http' }) === 0,
    );
    expect(valueOf(after, 'mcp_sessions_open', { transport: 'streamable-http' })).toBe(0);
    expect(valueOf(after, 'mcp_sse_streams_open', { transport: 'streamable-http' })).toBe(0);
  });

  it('counts an SSE session and its stream while connected, and zero after the client leaves', async () => {
    const leave = new AbortController();
    const response = await fetch(`${sut.url}/mcp/sse`, {
      headers: { authorization: `Bearer ${admin}`, accept: 'text/event-stream' },
      signal: leave.signal,
    });
    const endpoint = await readUntil(response.body!.getReader(), 'sessionId=');
    secrets.push(/sessionId=([\w-]+)/.exec(endpoint)![1]!);
    const open = await scrape(sut.url);
    expect(valueOf(open, 'mcp_sessions_open', { transport: 'sse' })).toBe(1);
    expect(valueOf(open, 'mcp_sse_streams_open', { transport: 'sse' })).toBe(1);

    leave.abort();
    const after = await eventually(
      sut.url,
      (s) => valueOf(s, 'mcp_sessions_open', { transport: 'sse' }) === 0,
    );
    expect(valueOf(after, 'mcp_sessions_open', { transport: 'sse' })).toBe(0);
    expect(valueOf(after, 'mcp_sse_streams_open', { transport: 'sse' })).toBe(0);
  });

  it('counts a login refused with 429 under the login limit', async () => {
    const attempt = () =>
      fetch(`${sut.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada', password: 'wrong-password' }),
      });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(429);
    const samples = await scrape(sut.url);
    expect(valueOf(samples, 'rate_limit_refusals_total', { limit: 'login' })).toBe(1);
    expect(valueOf(samples, 'rate_limit_refusals_total', { limit: 'general' })).toBe(0);
  });

  it('uses bounded label values: no token, session id, namespace or object name', async () => {
    const samples = await scrape(sut.url);
    const values = samples.flatMap((sample) => Object.values(sample.labels));
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const forbidden of [...secrets, namespace, missingPod, 'ada', 'vera'])
      expect(values.filter((value) => value.includes(forbidden))).toEqual([]);
    const operations = new Set(
      samples.filter((s) => s.name.startsWith('kubernetes_api_')).map((s) => s.labels['operation']),
    );
    expect(operations.size).toBeGreaterThan(0);
    for (const operation of operations)
      expect(operation).toMatch(
        /^(discovery|other|[a-z]+ [a-z0-9.-]+(\/[a-z0-9.-]+)?|[a-z]+ \/[a-z0-9-]+)$/,
      );
    const outcomes = new Set(
      samples.filter((s) => s.name === 'mcp_tool_calls_total').map((s) => s.labels['outcome']),
    );
    expect([...outcomes].every((o) => ['success', 'error', 'denied', 'invalid'].includes(o!))).toBe(
      true,
    );
  });
});
