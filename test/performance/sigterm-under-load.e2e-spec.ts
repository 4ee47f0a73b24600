import { LoadClient } from '../support/mcp-load-client.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const CLIENTS = 16;
const CALL = ['kubectl_get', { resource: 'pods', namespace: 'kube-system' }] as const;

interface Outcome {
  startedBeforeSignal: boolean;
  status: number;
  error?: string;
  /** The request never got an HTTP answer (connection refused once the listener closed). */
  unanswered?: string;
}

/**
 * SIGTERM while 16 clients call: every call that was running or sent before the signal is
 * answered in full, later requests are either served, refused with 503 or find the port
 * closed (never a 500 or a cut answer), and the process exits 0.
 */
describe('SIGTERM under load', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({ SHUTDOWN_TIMEOUT_MS: '15000' });
  });
  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it('drains the calls in flight and exits 0', async () => {
    let signalled = false;
    let closed = false;
    const outcomes: Outcome[] = [];
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    void exited.then(() => (closed = true));
    const clients = Array.from(
      { length: CLIENTS },
      (_, index) => new LoadClient(server.url, '', index % 2 ? 'plain' : 'session'),
    );
    const load = Promise.all(
      clients.map(async (client) => {
        while (!closed) {
          const startedBeforeSignal = !signalled;
          try {
            const outcome = await client.call(...CALL);
            outcomes.push({ startedBeforeSignal, status: outcome.status, error: outcome.error });
          } catch (error) {
            outcomes.push({ startedBeforeSignal, status: 0, unanswered: String(error) });
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    signalled = true;
    server.child.kill('SIGTERM');
    const exit = await exited;
    await load;

    const before = outcomes.filter((outcome) => outcome.startedBeforeSignal);
    const after = outcomes.filter((outcome) => !outcome.startedBeforeSignal);
    console.log(
      `SIGTERM under load: ${before.length} calls before the signal, ${after.length} after (${after.filter((o) => o.status === 200).length} served, ${after.filter((o) => o.status === 503).length} refused with 503, ${after.filter((o) => o.unanswered).length} found the port closed)`,
    );
    expect(before.length).toBeGreaterThan(CLIENTS);
    expect(before.filter((outcome) => outcome.status !== 200 || outcome.error)).toEqual([]);
    expect(
      after.filter(
        (outcome) =>
          !(outcome.status === 200 && !outcome.error) &&
          outcome.status !== 503 &&
          !/ECONNREFUSED|fetch failed/.test(outcome.unanswered ?? ''),
      ),
    ).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});
