/**
 * Idle memory of this server, started exactly as the benchmark starts it (dist/, the flags of
 * `npm start`, production settings), measured 3 s after it is ready.
 *   npm run build && node bench/idle-memory.ts [--runs=3] [--server-flags='--flag ...']
 *     [--heap-snapshot=DIR] [--later=15,30]
 * Prints resident set size, V8 heap used and external memory (from the server's own
 * /metrics); with --heap-snapshot, also writes a heap snapshot of the idle process to DIR.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { connectCluster } from './lib/cluster.ts';
import { loopbackAgent, send } from './lib/http.ts';
import { rssMb } from './lib/processes.ts';
import { startThisServer } from './lib/servers.ts';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.length ? value.join('=') : 'true'] as const;
  }),
);
const runs = Number(args.get('runs') ?? 3);
const serverFlags = (args.get('server-flags') ?? '').split(' ').filter(Boolean);
const snapshotDir = args.get('heap-snapshot');
/** Seconds after ready at which RSS is printed again, to see the idle process settle. */
const later = (args.get('later') ?? '').split(',').filter(Boolean).map(Number);
const settle = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A gauge from the Prometheus text of /metrics, in MB. */
function gaugeMb(text: string, name: string): number {
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
  return Number(value) / 1024 / 1024;
}

const cluster = await connectCluster();
const rows: { rss: number; heapUsed: number; heapTotal: number; external: number }[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    const flags = [...serverFlags];
    if (snapshotDir) {
      mkdirSync(snapshotDir, { recursive: true });
      flags.push('--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${resolve(snapshotDir)}`);
    }
    const server = await startThisServer(cluster, flags);
    try {
      await settle(3000);
      const rss = rssMb(server.child.pid);
      let waited = 3;
      for (const at of later) {
        await settle((at - waited) * 1000);
        waited = at;
        process.stdout.write(`  rss after ${at} s: ${rssMb(server.child.pid).toFixed(1)} MB\n`);
      }
      const metrics = await send({
        url: `${server.baseUrl}/metrics`,
        headers: server.headers,
        agent: loopbackAgent(),
      });
      const row = {
        rss,
        heapUsed: gaugeMb(metrics.text, 'nodejs_heap_size_used_bytes'),
        heapTotal: gaugeMb(metrics.text, 'nodejs_heap_size_total_bytes'),
        external: gaugeMb(metrics.text, 'nodejs_external_memory_bytes'),
      };
      rows.push(row);
      process.stdout.write(
        `run ${run}: rss ${row.rss.toFixed(1)} MB, heap used ${row.heapUsed.toFixed(1)} MB ` +
          `of ${row.heapTotal.toFixed(1)} MB, external ${row.external.toFixed(1)} MB ` +
          `(ready in ${server.startMs.toFixed(0)} ms)\n`,
      );
      if (snapshotDir && run === runs) {
        const before = new Set(readdirSync(snapshotDir));
        server.child.kill('SIGUSR2');
        for (let i = 0; i < 300 && readdirSync(snapshotDir).every((f) => before.has(f)); i++)
          await settle(100);
        await settle(2000);
        process.stdout.write(`heap snapshot written to ${resolve(snapshotDir)}\n`);
      }
    } finally {
      await server.stop();
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  process.stdout.write(
    `median of ${rows.length}: rss ${median(rows.map((r) => r.rss)).toFixed(1)} MB, ` +
      `heap used ${median(rows.map((r) => r.heapUsed)).toFixed(1)} MB, ` +
      `external ${median(rows.map((r) => r.external)).toFixed(1)} MB\n`,
  );
} finally {
  cluster.agent.destroy();
}
