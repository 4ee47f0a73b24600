/**
 * The benchmark: this server, the API server itself (the floor) and two peer MCP servers on
 * the same calls against the local control plane, interleaved in one run.
 *   npm run bench                 full run (about 10 minutes), writes docs/benchmarks.md
 *   npm run bench -- --quick      a quick look (about 2 minutes), prints only
 *   npm run bench -- --soak=600   mixed calls for 600 s, memory slopes, writes docs/benchmarks-soak.md
 * Options: --no-peers, --cpu-prof=DIR (profiles this server), --server-flags='--flag ...' (Node
 * flags for this server), --rounds=N, --seconds=S, --sse-streams=N.
 */
import { availableParallelism, loadavg } from 'node:os';

import { connectCluster, createPodFixture, deleteNamespace } from './lib/cluster.ts';
import { loopbackAgent } from './lib/http.ts';
import { catalogueSize, type CatalogueSize } from './lib/mcp-clients.ts';
import { runCell } from './lib/measure.ts';
import { rssMb } from './lib/processes.ts';
import { printTable, writeReport, type Report } from './lib/report.ts';
import { startGoPeer, startThisServer, startTsPeer, type RunningServer } from './lib/servers.ts';
import { measureSseStreams } from './lib/sse-streams.ts';
import { runSoak } from './lib/soak.ts';
import { merge, summarize, type CellResult } from './lib/stats.ts';
import {
  OPS,
  floorTarget,
  goPeerCalls,
  mcpTarget,
  thisServerCalls,
  tsPeerCalls,
  type OpClient,
  type Target,
  type ToolCalls,
} from './lib/targets.ts';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, ...value] = arg.replace(/^--/, '').split('=');
    return [key, value.length ? value.join('=') : 'true'] as const;
  }),
);
const quick = args.has('quick');
const rounds = Number(args.get('rounds') ?? (quick ? 1 : 2));
const cellSeconds = Number(args.get('seconds') ?? (quick ? 1 : 3));
const concurrency = [1, 8, 32];
const PODS = 100;
const SSE_STREAMS = Number(args.get('sse-streams') ?? 1000);

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cluster = await connectCluster();
const namespace = `bench-${Date.now().toString(36)}`;
const servers: RunningServer[] = [];
const notes: string[] = [];
const loadBefore = loadavg();

try {
  log(`creating ${PODS} pods in namespace ${namespace}`);
  const pods = await createPodFixture(cluster, namespace, PODS);
  const work = { namespace, pod: pods[0] };

  const cpuProf = args.get('cpu-prof');
  const serverFlags = (args.get('server-flags') ?? '').split(' ').filter(Boolean);
  const ours = await startThisServer(cluster, [
    ...serverFlags,
    ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : []),
  ]);
  servers.push(ours);
  log(`this server ready in ${ours.startMs.toFixed(0)} ms`);
  const peers: { label: string; server: RunningServer; calls: ToolCalls }[] = [];
  if (!args.has('no-peers') && !args.has('soak')) {
    for (const [label, start, calls] of [
      ['kubernetes-mcp-server (Go)', startGoPeer, goPeerCalls],
      ['mcp-server-kubernetes (TS)', startTsPeer, tsPeerCalls],
    ] as const) {
      try {
        const server = await start(cluster);
        servers.push(server);
        peers.push({ label, server, calls: calls(work) });
        log(`${label} ready in ${server.startMs.toFixed(0)} ms`);
      } catch (error) {
        const note = `${label} skipped: ${(error as Error).message.split('\n')[0]}`;
        notes.push(note);
        log(note);
      }
    }
  }
  await settle(3000);
  const idleRss = new Map(servers.map((server) => [server, rssMb(server.child.pid)]));

  const agent = loopbackAgent();
  const endpoint = { headers: ours.headers, agent, group: 'this server' as const };
  const oursCalls = thisServerCalls(work);
  if (args.has('soak')) {
    await runSoak({ server: ours, calls: oursCalls, seconds: Number(args.get('soak')), log });
  } else {
    const targets: Target[] = [
      floorTarget(cluster, work, 'table'),
      floorTarget(cluster, work, 'json'),
      mcpTarget({
        ...endpoint,
        name: 'session',
        label: 'this server, session',
        baseUrl: ours.baseUrl,
        transport: 'session',
        calls: oursCalls,
        pid: ours.child.pid,
      }),
      mcpTarget({
        ...endpoint,
        name: 'plain',
        label: 'this server, plain POST',
        baseUrl: ours.baseUrl,
        transport: 'plain',
        calls: oursCalls,
        pid: ours.child.pid,
      }),
      mcpTarget({
        ...endpoint,
        name: 'per-call',
        label: 'this server, new session per call',
        baseUrl: ours.baseUrl,
        transport: 'session-per-call',
        calls: oursCalls,
        pid: ours.child.pid,
      }),
      mcpTarget({
        ...endpoint,
        name: 'sse',
        label: 'this server, HTTP+SSE',
        baseUrl: ours.baseUrl,
        transport: 'sse',
        calls: oursCalls,
        pid: ours.child.pid,
      }),
      ...peers.map(({ label, server, calls }, index) =>
        mcpTarget({
          name: `peer-${index}`,
          label,
          group: 'peer',
          baseUrl: server.baseUrl,
          headers: {},
          agent,
          transport: 'session',
          calls,
          pid: server.child.pid,
        }),
      ),
    ];
    const clients = new Map<Target, OpClient[]>();
    for (const target of targets) {
      const opened: OpClient[] = [];
      for (let i = 0; i < Math.max(...concurrency); i++) opened.push(await target.open());
      clients.set(target, opened);
      for (const op of OPS) for (let i = 0; i < 5; i++) await opened[0].call(op);
    }
    log(`warmed up ${targets.length} targets; ${rounds} round(s) of ${cellSeconds} s per cell`);

    const cells = new Map<string, CellResult>();
    for (let round = 1; round <= rounds; round++) {
      for (const op of OPS) {
        for (const n of concurrency) {
          for (const target of targets) {
            const cell = await runCell(target, op, clients.get(target)!.slice(0, n), cellSeconds);
            const key = `${target.name}/${op}/${n}`;
            cells.set(key, merge(cells.get(key), cell));
          }
          log(`round ${round}: ${op} at ${n} client(s) done`);
        }
      }
    }
    for (const opened of clients.values()) await Promise.all(opened.map((c) => c.close()));
    const loadedRss = new Map(servers.map((server) => [server, rssMb(server.child.pid)]));

    const catalogues = new Map<RunningServer, CatalogueSize>();
    for (const server of servers) {
      catalogues.set(
        server,
        await catalogueSize({ url: `${server.baseUrl}/mcp`, headers: server.headers, agent }),
      );
    }
    // On a fresh process: the one above has grown its heap under load, which would hide what
    // the streams themselves cost.
    const fresh = await startThisServer(cluster, serverFlags);
    servers.push(fresh);
    log(`opening ${SSE_STREAMS} SSE streams on a fresh server process`);
    const sse = await measureSseStreams(fresh, SSE_STREAMS);
    await fresh.stop();

    const report: Report = {
      date: new Date().toISOString(),
      quick,
      rounds,
      cellSeconds,
      cores: availableParallelism(),
      node: process.version,
      loadBefore,
      loadAfter: loadavg(),
      targets: targets.map((target) => ({
        name: target.name,
        label: target.label,
        group: target.group,
      })),
      cells: [...cells.values()].map(summarize),
      servers: [ours, ...peers.map((peer) => peer.server)].map((server, index) => ({
        label: index === 0 ? 'this server' : peers[index - 1].label,
        startMs: server.startMs,
        idleRssMb: idleRss.get(server)!,
        loadedRssMb: loadedRss.get(server)!,
        catalogue: catalogues.get(server)!,
      })),
      sse,
      notes,
    };
    printTable(report);
    if (!quick) await writeReport(report);
  }
} finally {
  for (const server of servers) await server.stop();
  await deleteNamespace(cluster, namespace);
  cluster.agent.destroy();
}
