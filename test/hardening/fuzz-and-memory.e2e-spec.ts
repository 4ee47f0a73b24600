import { CoreV1Api } from '@kubernetes/client-node';
import fc from 'fast-check';

import { login, writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { SESSION_PROTOCOL, openStreamableSession } from '../support/mcp-session.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { fuzzRequest, type FuzzRequest } from './fuzz-arbitraries.js';

const FUZZ_REQUESTS = 10_000;
const WARM_UP_REQUESTS = 2_000;
const CONCURRENCY = 8;
const SESSIONS = 1_000;
/** How far the V8 heap and the memory it holds outside (Buffers) may stay above the baseline. */
const MEMORY_SLACK_MB = 20;
/**
 * How far resident memory may: the native allocator keeps what a burst of large bodies grew it
 * to, so a run whose random burst is bigger than the warm-up's stays higher (seen once: +50 MB,
 * peak 385 against the usual 300 MB) though nothing is retained; a native leak goes past it.
 */
const RSS_SLACK_MB = 100;
const MB = 1024 * 1024;

interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

/** What a hostile or broken request may get back: never a 5xx, and a 4xx always as JSON. */
function problemWith(request: FuzzRequest, outcome: Outcome): string | undefined {
  if (outcome.status >= 500) return `answered ${outcome.status}`;
  if (outcome.status === 202 || outcome.status === 204) return undefined;
  const isJson = outcome.contentType.startsWith('application/json');
  const isStream = outcome.contentType.startsWith('text/event-stream');
  if (outcome.status >= 400 && !isJson) return `answered ${outcome.status} without a JSON body`;
  if (!isJson && !isStream) return `answered ${outcome.status} as ${outcome.contentType}`;
  if (isJson) {
    try {
      const parsed: unknown = JSON.parse(outcome.body);
      if (request.target !== 'login' && outcome.status < 400) {
        const replies = Array.isArray(parsed) ? parsed : [parsed];
        for (const reply of replies as Record<string, unknown>[])
          if (reply.jsonrpc !== '2.0' || !('result' in reply || 'error' in reply))
            return `answered ${outcome.status} with something that is not JSON-RPC`;
      }
    } catch {
      return `answered ${outcome.status} with a body that is not JSON`;
    }
  }
  return undefined;
}

interface LiveMemory {
  rss: number;
  /** V8 heap in use plus the memory it holds outside the heap (Buffers). */
  heap: number;
}

/**
 * Memory once garbage is collected: what the server still holds, not what V8 has yet to free
 * (it shrinks its heap only when it sees fit, minutes later when idle).
 */
async function liveMemory(server: ServerProcess): Promise<LiveMemory> {
  await server.collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const metrics = await scrape(server.url);
  return {
    rss: server.rssBytes(),
    heap:
      valueOf(metrics, 'nodejs_heap_size_used_bytes') +
      valueOf(metrics, 'nodejs_external_memory_bytes'),
  };
}

const mb = (bytes: number) => (bytes / MB).toFixed(0);

async function inParallel<T>(items: T[], limit: number, each: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}

describe('fuzzing the running server: no 5xx, JSON errors, bounded memory', () => {
  const namespace = uniqueNamespace('fuzz');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const viewer = `fuzz-${Date.now().toString(36)}`;
  // A viewer limited to one namespace: fuzzed tool calls cannot change or read anything else.
  const usersFile = writeUsersFile([
    { name: viewer, password: 'fuzz-password-1', roles: ['viewer'], namespaces: [namespace] },
  ]);
  let server: ServerProcess;
  let token: string;
  let sessionId: string;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    server = await startServerProcess(
      {
        AUTH_ENABLED: 'true',
        AUTH_USERS_FILE: usersFile,
        K8S_NAMESPACE: namespace,
        LOGIN_RATE_LIMIT_MAX: '0',
        MCP_MAX_SESSIONS_PER_USER: String(SESSIONS + 10),
        LOG_LEVEL: 'error',
      },
      { inspector: true },
    );
    token = await login(server.url, viewer, 'fuzz-password-1');
    const sse = await fetch(`${server.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    });
    const first = new TextDecoder().decode((await sse.body!.getReader().read()).value);
    sessionId = /sessionId=([0-9a-f-]+)/.exec(first)![1];
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  }, 60_000);

  async function send(request: FuzzRequest): Promise<Outcome> {
    const path =
      request.target === 'login'
        ? '/auth/login'
        : request.target === 'mcp'
          ? '/mcp'
          : `/mcp/messages?sessionId=${encodeURIComponent(request.realSession ? sessionId : (request.sessionId ?? ''))}`;
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': request.contentType,
        ...(request.authenticated ? { authorization: `Bearer ${token}` } : {}),
      },
      body: request.body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
    };
  }

  it(`answers ${FUZZ_REQUESTS} generated malformed, oversized, deeply nested and type-confused requests without a 5xx or a crash`, async () => {
    // Warm-up with the same kind of traffic plus a burst of the largest bodies: code compiled,
    // caches filled, and the native allocator's high-water mark for 8 concurrent large requests
    // reached (60-80 MB outside the V8 heap on this machine, reached by the first such burst
    // and flat after). Growth beyond that baseline is what a leak would show.
    const boot = await liveMemory(server);
    const largest = Array.from({ length: 200 }, (_, i) => ({
      target: 'mcp' as const,
      contentType: 'application/json',
      authenticated: true,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: i,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'pods', name: 'x'.repeat(262_144) } },
      }),
    }));
    const warmUp = [...largest, ...fc.sample(fuzzRequest, { numRuns: WARM_UP_REQUESTS, seed: 1 })];
    await inParallel(warmUp, CONCURRENCY, async (request) => void (await send(request)));
    const baseline = await liveMemory(server);

    const failures: string[] = [];
    let sent = 0;
    let peakRss = baseline.rss;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fuzzRequest, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
        async (batch) => {
          const outcomes = await Promise.all(batch.map((request) => send(request)));
          sent += batch.length;
          if (sent % 1000 < CONCURRENCY) peakRss = Math.max(peakRss, server.rssBytes());
          outcomes.forEach((outcome, index) => {
            const problem = problemWith(batch[index], outcome);
            if (problem)
              failures.push(
                `${problem}: ${JSON.stringify(batch[index]).slice(0, 300)} -> ${outcome.body.slice(0, 300)}`,
              );
          });
          return outcomes.every((outcome, index) => !problemWith(batch[index], outcome));
        },
      ),
      { numRuns: FUZZ_REQUESTS / CONCURRENCY, endOnFailure: true },
    );
    const beforeGcRss = server.rssBytes();
    const after = await liveMemory(server);
    console.log(
      `fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ` +
        `at boot ${mb(boot.rss)} MB, after ${warmUp.length} warm-up requests (baseline) ${mb(baseline.rss)} MB, peak ${mb(peakRss)} MB, ` +
        `after ${mb(beforeGcRss)} MB, after garbage collection ${mb(after.rss)} MB; heap and Buffers after garbage collection ${mb(baseline.heap)} MB at the baseline, ${mb(after.heap)} MB after`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(FUZZ_REQUESTS);
    expect(server.child.exitCode).toBeNull();
    expect(after.heap - baseline.heap).toBeLessThan(MEMORY_SLACK_MB * MB);
    expect(after.rss - baseline.rss).toBeLessThan(RSS_SLACK_MB * MB);

    // The next valid request is still answered correctly.
    const valid = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 'after-fuzz',
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'namespaces', name: namespace } },
      }),
    });
    expect(valid.status).toBe(200);
    const reply = (await valid.json()) as { id: string; result: { content: { text: string }[] } };
    expect(reply.id).toBe('after-fuzz');
    expect(reply.result.content[0].text).toContain(namespace);
  }, 400_000);

  it(`returns to within ${MEMORY_SLACK_MB} MB of its heap (and ${RSS_SLACK_MB} MB of resident memory) after ${SESSIONS} sessions are opened and closed`, async () => {
    const before = await liveMemory(server);
    const sessions: Record<string, string>[] = [];
    await inParallel(
      Array.from({ length: SESSIONS }, (_, i) => i),
      CONCURRENCY,
      async () => void sessions.push((await openStreamableSession(server.url, token)).headers),
    );
    const open = server.rssBytes();
    await inParallel(sessions, CONCURRENCY, async (headers) => {
      const ended = await fetch(`${server.url}/mcp`, { method: 'DELETE', headers });
      expect(ended.status).toBe(200);
    });
    const closed = server.rssBytes();
    const after = await liveMemory(server);
    console.log(
      `sessions: RSS before ${mb(before.rss)} MB, with ${SESSIONS} open ` +
        `${mb(open)} MB, after closing ${mb(closed)} MB, ` +
        `after garbage collection ${mb(after.rss)} MB; heap and Buffers ${mb(before.heap)} MB before, ${mb(after.heap)} MB after`,
    );
    expect(after.heap - before.heap).toBeLessThan(MEMORY_SLACK_MB * MB);
    expect(after.rss - before.rss).toBeLessThan(RSS_SLACK_MB * MB);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^mcp_sessions_open\{transport="streamable-http"\} 0$/m);
    // A session can be opened again: nothing is left counting against the user.
    const again = await openStreamableSession(server.url, token);
    await fetch(`${server.url}/mcp`, { method: 'DELETE', headers: again.headers });
    expect(SESSION_PROTOCOL).toBe(again.headers['mcp-protocol-version']);
  }, 300_000);
});
