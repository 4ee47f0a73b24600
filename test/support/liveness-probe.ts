import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * The probe loop, run in a process of its own: the test runner's heap grows over a long run and
 * its garbage collector can pause for a second, which a probe timed there would blame on the
 * server. Prints "ready" once the first answer is in, and the figures as JSON when stdin closes.
 */
const PROBE_SCRIPT = `
const [url, everyMs] = process.argv.slice(1);
let slowest = 0;
let probes = 0;
let failures = 0;
let first = true;
const inFlight = new Set();
const send = () => {
  probes++;
  const started = performance.now();
  const probe = fetch(url + '/health/live', { signal: AbortSignal.timeout(60000) })
    .then(async (response) => {
      await response.arrayBuffer();
      if (!response.ok) throw new Error('/health/live answered ' + response.status);
    })
    .catch(() => { failures++; })
    .finally(() => {
      slowest = Math.max(slowest, performance.now() - started);
      inFlight.delete(probe);
      if (first) { first = false; process.stdout.write('ready\\n'); }
    });
  inFlight.add(probe);
};
send();
const timer = setInterval(send, Number(everyMs));
process.stdin.resume();
process.stdin.on('end', async () => {
  clearInterval(timer);
  await Promise.all(inFlight);
  process.stdout.write(JSON.stringify({ slowestMs: slowest, probes, failures }) + '\\n');
});
`;

export interface LivenessFigures {
  slowestMs: number;
  probes: number;
  /** Probes that got no 200 (an error or another status). */
  failures: number;
}

/**
 * Asks GET /health/live every `everyMs` until stopped, and keeps the slowest answer: if any
 * request holds up the server's event loop, the probe sent meanwhile waits. Resolves once the
 * first probe has been answered, so the input under test is sent while probing runs.
 */
export async function probeLiveness(
  url: string,
  everyMs = 25,
): Promise<{ stop(): Promise<LivenessFigures> }> {
  const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, url, String(everyMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = once(child, 'exit');
  while (!output.includes('ready\n')) {
    await Promise.race([once(child.stdout, 'data'), exited]);
    if (child.exitCode !== null) throw new Error(`liveness probe exited: ${output}`);
  }
  return {
    async stop() {
      child.stdin.end();
      await exited;
      const figures = output.split('\n').find((line) => line.startsWith('{'));
      if (!figures) throw new Error(`liveness probe printed no figures: ${output}`);
      return JSON.parse(figures) as LivenessFigures;
    },
  };
}
