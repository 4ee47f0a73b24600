import { login, writeUsersFile, type TestAccount } from '../support/auth-users.js';
import { uniqueNamespace } from '../support/cluster.js';
import { LoadClient, type CallOutcome, type LoadTransport } from '../support/mcp-load-client.js';
import { createRunningPods, deleteNamespace } from '../support/pod-fixture.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { scrape, valueOf } from '../support/prometheus.js';

const CALLS = 20_000;
const CLIENTS = 64;
const PER_USER_LIMIT = 2_000;
/** How far above its pre-load baseline the V8 heap in use may stay once the load is over. */
const SETTLED_MB = 40;

interface Role {
  roles: string[];
  namespaces?: (namespace: string) => string[];
}

const ROLES: Role[] = [
  { roles: ['admin'] },
  { roles: ['operator'], namespaces: (ns) => [ns] },
  { roles: ['viewer'], namespaces: (ns) => [ns] },
];
const TRANSPORTS: LoadTransport[] = ['session', 'session', 'plain', 'session-per-call'];

const rssMb = (server: ServerProcess) => server.rssBytes() / 2 ** 20;

interface HeapFigures {
  /** V8 heap in use now, MB. */
  inUse: number;
  /** V8 heap in use right after the last full collection, MB. */
  afterFullGc: number;
  /** Full collections so far. */
  fullCollections: number;
}

async function heapFigures(server: ServerProcess): Promise<HeapFigures> {
  const metrics = await scrape(server.url);
  return {
    inUse: valueOf(metrics, 'nodejs_heap_size_used_bytes') / 2 ** 20,
    afterFullGc: valueOf(metrics, 'nodejs_heap_used_after_gc_bytes') / 2 ** 20,
    fullCollections: valueOf(metrics, 'nodejs_gc_duration_seconds_count', { kind: 'major' }),
  };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/**
 * 20,000 tool calls from 64 clients (each its own user; admins, operators and viewers; sessions,
 * plain POSTs and a new session per call) against the production build and the real cluster.
 * One extra user floods the server past its rate limit: those 429s are the only refusals.
 */
describe('load: 20,000 mixed tool calls from 64 clients', () => {
  const namespace = uniqueNamespace('load');
  let server: ServerProcess;
  let pods: string[];
  const accounts: TestAccount[] = Array.from({ length: CLIENTS + 1 }, (_, index) => {
    const role = ROLES[index % ROLES.length];
    return {
      name: index === CLIENTS ? 'flooder' : `load-${index}`,
      password: `load-password-${index}`,
      roles: role.roles,
      namespaces: role.namespaces?.(namespace),
    };
  });

  beforeAll(async () => {
    pods = await createRunningPods(namespace, 5);
    server = await startServerProcess({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile(accounts),
      RATE_LIMIT_MAX: String(PER_USER_LIMIT),
      // Long enough that each load user (at most ~1,300 requests) stays under the limit.
      RATE_LIMIT_WINDOW: '10m',
      LOGIN_RATE_LIMIT_MAX: String(CLIENTS * 2),
    });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await deleteNamespace(namespace);
  });

  function workFor(index: number, role: Role): [string, Record<string, unknown>][] {
    const pod = pods[index % pods.length];
    const work: [string, Record<string, unknown>][] = [
      ['kubectl_get', { resource: 'pods', namespace }],
      ['kubectl_get', { resource: 'pods', name: pod, namespace, output: 'yaml' }],
      ['kubectl_describe', { resource: 'pods', name: pod, namespace }],
      ['kubectl_logs', { pod, namespace, lines: 20 }],
      ['kubectl_events', { namespace }],
      ['kubectl_get', { resource: 'deployments', namespace }],
    ];
    if (role.roles[0] !== 'viewer')
      work.push(['kubectl_scale', { resource: 'deployment', name: 'web', namespace, replicas: 5 }]);
    return work;
  }

  it('answers every call, refuses only the flooding user with 429, and returns to its memory baseline', async () => {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, index) => {
        const role = ROLES[index % ROLES.length];
        const token = await login(server.url, accounts[index].name, accounts[index].password);
        return {
          client: new LoadClient(server.url, token, TRANSPORTS[index % TRANSPORTS.length]),
          work: workFor(index, role),
        };
      }),
    );
    // Warm-up, then the baseline: every code path loaded, every client's first session open.
    for (const { client, work } of clients) {
      const outcome = await client.call(...work[0]);
      expect(outcome.error).toBeUndefined();
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const baselineMb = rssMb(server);
    const baselineHeapMb = (await heapFigures(server)).inUse;

    const outcomes: CallOutcome[] = [];
    let next = 0;
    const started = performance.now();
    const flooder = accounts[CLIENTS];
    const flood = flooding(server.url, await login(server.url, flooder.name, flooder.password));
    await Promise.all(
      clients.map(async ({ client, work }, index) => {
        for (let i = index; next < CALLS; i++) {
          next++;
          outcomes.push(await client.call(...work[i % work.length]));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const refused = await flood;
    await Promise.all(clients.map(({ client }) => client.close()));

    const sorted = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const p99 = percentile(sorted, 0.99);
    // What the load leaves must be garbage. The heap in use falls back once V8's memory reducer
    // collects it (measured: within ~15 s), but an idle process is not always collected in
    // time, so the heap right after a full collection that ran once the load was over counts
    // too. A leak keeps both high. Resident memory stays higher, as V8 keeps the pages it grew
    // into for the next burst; it is reported, not asserted.
    const loadOver = await heapFigures(server);
    const retained = (heap: HeapFigures) =>
      heap.fullCollections > loadOver.fullCollections
        ? Math.min(heap.inUse, heap.afterFullGc)
        : heap.inUse;
    let heap = loadOver;
    for (let waited = 0; waited < 60_000 && retained(heap) >= baselineHeapMb + SETTLED_MB;) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      waited += 2000;
      heap = await heapFigures(server);
    }
    const afterMb = rssMb(server);
    const metrics = await scrape(server.url);
    console.log(
      `load: ${CALLS} calls from ${CLIENTS} clients in ${seconds.toFixed(1)} s (${(CALLS / seconds).toFixed(0)}/s), p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; flood: ${refused.statuses.filter((s) => s === 429).length} of ${refused.statuses.length} refused with 429; heap in use ${baselineHeapMb.toFixed(0)} MB before, ${heap.inUse.toFixed(0)} MB after (${heap.afterFullGc.toFixed(0)} MB after the last full collection, ${heap.fullCollections - loadOver.fullCollections} since the load); RSS ${baselineMb.toFixed(0)} MB before, ${afterMb.toFixed(0)} MB after`,
    );
    const failures = outcomes.filter((outcome) => outcome.status !== 200 || outcome.error);
    expect(failures.slice(0, 3)).toEqual([]);
    expect(outcomes).toHaveLength(CALLS);
    expect(refused.statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(refused.statuses).toContain(429);
    expect(refused.retryAfter).toBeGreaterThanOrEqual(1);

    expect(valueOf(metrics, 'mcp_sessions_open', { transport: 'streamable-http' })).toBe(0);
    expect(retained(heap)).toBeLessThan(baselineHeapMb + SETTLED_MB);
  }, 600_000);
});

/** One user sending pings (4 at a time) past PER_USER_LIMIT while the load runs. */
async function flooding(
  url: string,
  token: string,
): Promise<{ statuses: number[]; retryAfter: number }> {
  const statuses: number[] = [];
  let retryAfter = 0;
  let sent = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (sent++ < PER_USER_LIMIT + 50) {
        const response = await fetch(`${url}/mcp`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: sent, method: 'ping' }),
        });
        await response.text();
        statuses.push(response.status);
        if (response.status === 429) retryAfter = Number(response.headers.get('retry-after'));
      }
    }),
  );
  return { statuses, retryAfter };
}
