import { LoadClient } from '../support/mcp-load-client.js';
import { pollUntil } from '../support/poll.js';
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
    const answeredPerClient = Array.from({ length: CLIENTS }, () => 0);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      server.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    void exited.then(() => (closed = true));
    const clients = Array.from(
      { length: CLIENTS },
      (_, index) => new LoadClient(server.url, '', index % 2 ? 'plain' : 'session'),
    );
    const load = Promise.all(
      clients.map(async (client, index) => {
        while (!closed) {
          const startedBeforeSignal = !signalled;
          try {
            const outcome = await client.call(...CALL);
            outcomes.push({ startedBeforeSignal, status: outcome.status, error: outcome.error });
            answeredPerClient[index]++;
          } catch (error) {
            outcomes.push({ startedBeforeSignal, status: 0, unanswered: String(error) });
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }),
    );
    // Signalled once every client has had an answer and is into its next call, rather than
    // after a fixed while: on a loaded machine the first calls (sessions opened, connections to
    // the cluster made) may take longer than any fixed while, leaving nothing in flight.
    await pollUntil(
      () => answeredPerClient,
      (answered) => answered.every((count) => count > 0),
      { timeoutMs: 30_000 },
    );
    signalled = true;
    server.child.kill('SIGTERM');
    const exit = await exited;
    await load;

    const before = outcomes.filter((outcome) => outcome.startedBeforeSignal);
    const after = outcomes.filter((outcome) => !outcome.startedBeforeSignal);
    console.log(
      `SIGTERM under load: ${before.length} calls before the signal, ${after.length} after (${after.filter((o) => o.status === 200).length} served, ${after.filter((o) => o.status === 503).length} refused with 503, ${after.filter((o) => o.unanswered).length} found the port closed)`,
    );
    // At least one answer per client came before the signal; more than that means calls in
    // flight when it came were answered too.
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
