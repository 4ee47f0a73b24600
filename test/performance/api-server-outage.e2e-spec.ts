import { apiServerAddress, kubeconfigThroughPort } from '../support/cluster.js';
import { LoadClient, type CallOutcome } from '../support/mcp-load-client.js';
import { SlowProxy } from '../support/slow-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLIENTS = 8;
const TYPICAL_FAILURE_MS = 250;
const SLOWEST_FAILURE_MS = 5000;
const CALL = ['kubectl_get', { resource: 'pods', namespace: 'kube-system' }] as const;

/**
 * The API server goes away during load (our own proxy in front of the shared cluster stops:
 * open connections reset, new ones refused) and comes back: calls fail fast with a clear tool
 * error, readiness turns 503, and the same process recovers without a restart.
 */
describe('API server outage under load', () => {
  let proxy: SlowProxy;
  let app: TestApp;

  beforeAll(async () => {
    const api = apiServerAddress();
    proxy = await SlowProxy.start(api.host, api.port);
    app = await startTestApp({
      KUBECONFIG: kubeconfigThroughPort(proxy.port),
      HEALTH_CHECK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
  });

  /** CLIENTS clients calling in a loop until `stop` resolves. */
  async function load(stop: Promise<unknown>): Promise<CallOutcome[]> {
    let done = false;
    void stop.then(() => (done = true));
    const outcomes: CallOutcome[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, index) => {
        const client = new LoadClient(app.url, '', index % 2 ? 'plain' : 'session');
        while (!done) outcomes.push(await client.call(...CALL));
        await client.close();
      }),
    );
    return outcomes;
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const ready = async () => (await fetch(`${app.url}/health/ready`)).status;

  it('fails calls fast with a clear error, reports 503 and recovers when the API server returns', async () => {
    const before = await load(pause(1500));
    expect(before.length).toBeGreaterThan(CLIENTS);
    expect(before.filter((outcome) => outcome.error)).toEqual([]);
    expect(await ready()).toBe(200);

    await proxy.cut();
    const during = await load(pause(2000));
    // The first calls may have been in flight when the connections were reset.
    const settled = during.slice(CLIENTS);
    expect(settled.length).toBeGreaterThan(CLIENTS);
    for (const outcome of settled) {
      expect(outcome.status).toBe(200);
      expect(outcome.error).toMatch(
        /Cannot reach the Kubernetes API .*Check that the cluster is up/,
      );
    }
    // Fast means an answer from the refused connection, not a wait for a timeout. A single
    // call can stall behind a pause of the loaded machine, so the typical call carries the
    // tight bound and the slowest only the one that separates failing from hanging.
    expect(percentile(settled, 0.5)).toBeLessThan(TYPICAL_FAILURE_MS);
    expect(percentile(settled, 1)).toBeLessThan(SLOWEST_FAILURE_MS);
    const notReady = await fetch(`${app.url}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(await notReady.json())).toContain('kubernetes');
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);

    await proxy.restore();
    let readyAgain = 0;
    for (let i = 0; i < 50 && readyAgain !== 200; i++) {
      await pause(200);
      readyAgain = await ready();
    }
    expect(readyAgain).toBe(200);
    const after = await load(pause(1500));
    expect(after.length).toBeGreaterThan(CLIENTS);
    expect(after.filter((outcome) => outcome.error)).toEqual([]);
    console.log(
      `outage: ${before.length} calls before, ${during.length} during (p50 ${percentile(settled, 0.5).toFixed(1)} ms, slowest ${percentile(settled, 1).toFixed(1)} ms), ${after.length} after`,
    );
  }, 60_000);
});

function percentile(outcomes: CallOutcome[], fraction: number): number {
  const sorted = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}
