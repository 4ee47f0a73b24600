import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { barChart } from './chart.ts';
import { writeMarkdown } from './markdown.ts';
import type { CatalogueSize } from './mcp-clients.ts';
import type { SseMemory } from './sse-streams.ts';
import type { CellSummary } from './stats.ts';
import { OPS, OP_LABELS, type Op, type Target } from './targets.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface Report {
  date: string;
  quick: boolean;
  rounds: number;
  cellSeconds: number;
  cores: number;
  node: string;
  loadBefore: number[];
  loadAfter: number[];
  targets: Pick<Target, 'name' | 'label' | 'group'>[];
  cells: CellSummary[];
  servers: {
    label: string;
    startMs: number;
    idleRssMb: number;
    loadedRssMb: number;
    catalogue: CatalogueSize;
  }[];
  sse: SseMemory;
  notes: string[];
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ');

function cell(report: Report, target: string, op: Op, clients: number): CellSummary | undefined {
  return report.cells.find((c) => c.target === target && c.op === op && c.clients === clients);
}

function opTable(report: Report, op: Op): string[] {
  const lines = [
    `| target | p50 ms | p95 ms | p99 ms | calls/s at 1 | calls/s at 8 | calls/s at 32 | p99 ms at 32 | chars returned | errors |`,
    `|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const target of report.targets) {
    const one = cell(report, target.name, op, 1);
    const eight = cell(report, target.name, op, 8);
    const many = cell(report, target.name, op, 32);
    if (!one) continue;
    const errors = [one, eight, many].reduce((sum, c) => sum + (c?.errors ?? 0), 0);
    lines.push(
      `| ${target.label} | ${ms(one.p50)} | ${ms(one.p95)} | ${ms(one.p99)} | ${int(one.perSecond)} | ${int(eight?.perSecond ?? NaN)} | ${int(many?.perSecond ?? NaN)} | ${ms(many?.p99 ?? NaN)} | ${target.group === 'floor' ? `(${int(one.chars)} bytes)` : int(one.chars)} | ${errors} |`,
    );
  }
  return lines;
}

interface Check {
  goal: string;
  value: string;
  met: boolean;
}

/** The targets of the performance work, computed from this run's ratios. */
export function checks(report: Report): Check[] {
  const p50 = (target: string, op: Op = 'list') => cell(report, target, op, 1)?.p50 ?? NaN;
  const rate = (target: string, n: number) => cell(report, target, 'list', n)?.perSecond ?? NaN;
  const ours = report.servers[0];
  const latency = p50('session') / p50('floor-table');
  const throughput = rate('session', 32) / rate('floor-table', 32);
  const plain = p50('plain') / p50('session');
  const perCall = p50('per-call') / p50('session');
  const sseDelta = report.sse.openMb - report.sse.beforeMb;
  return [
    {
      goal: 'kubectl_get p50 in a session ≤ 1.5× the Table floor (1 client)',
      value: `${latency.toFixed(2)}×`,
      met: latency <= 1.5,
    },
    {
      goal: 'calls/s at 32 clients ≥ 0.5× the Table floor',
      value: `${throughput.toFixed(2)}×`,
      met: throughput >= 0.5,
    },
    {
      goal: 'plain POST p50 ≤ 2× the in-session p50',
      value: `${plain.toFixed(2)}×`,
      met: plain <= 2,
    },
    {
      goal: 'new session per call p50 ≤ 2× the in-session p50',
      value: `${perCall.toFixed(2)}×`,
      met: perCall <= 2,
    },
    {
      goal: 'idle RSS < 120 MB',
      value: `${ours.idleRssMb.toFixed(0)} MB`,
      met: ours.idleRssMb < 120,
    },
    {
      goal: `${report.sse.streams} open SSE streams add < 100 MB`,
      value: `+${sseDelta.toFixed(0)} MB`,
      met: sseDelta < 100,
    },
    {
      goal: 'tools/list for an admin ≤ 14,000 chars',
      value: int(ours.catalogue.chars),
      met: ours.catalogue.chars <= 14_000,
    },
    {
      goal: 'no tool over 1,400 chars',
      value: `${ours.catalogue.largest.name}: ${int(ours.catalogue.largest.chars)}`,
      met: ours.catalogue.largest.chars <= 1_400,
    },
  ];
}

export function printTable(report: Report): void {
  const out: string[] = [];
  for (const op of OPS) {
    out.push(`\n${OP_LABELS[op]}`);
    out.push(
      `${'target'.padEnd(36)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'/s@1'.padStart(7)} ${'/s@8'.padStart(7)} ${'/s@32'.padStart(7)} ${'chars'.padStart(8)} err`,
    );
    for (const target of report.targets) {
      const [one, eight, many] = [1, 8, 32].map((n) => cell(report, target.name, op, n));
      if (!one) continue;
      const errors = [one, eight, many].reduce((sum, c) => sum + (c?.errors ?? 0), 0);
      out.push(
        `${target.label.padEnd(36)} ${ms(one.p50).padStart(8)} ${ms(one.p95).padStart(8)} ${ms(one.p99).padStart(8)} ${int(one.perSecond).padStart(7)} ${int(eight?.perSecond ?? NaN).padStart(7)} ${int(many?.perSecond ?? NaN).padStart(7)} ${int(one.chars).padStart(8)} ${errors}${[one, eight, many].find((c) => c?.firstError)?.firstError ? `  (${[one, eight, many].find((c) => c?.firstError)!.firstError})` : ''}`,
      );
    }
  }
  out.push('');
  for (const server of report.servers) {
    out.push(
      `${server.label.padEnd(36)} start ${int(server.startMs)} ms, idle RSS ${server.idleRssMb.toFixed(0)} MB, after load ${server.loadedRssMb.toFixed(0)} MB, tools/list ${server.catalogue.tools} tools ${int(server.catalogue.chars)} chars (largest ${server.catalogue.largest.name} ${server.catalogue.largest.chars})`,
    );
  }
  out.push(
    `SSE (fresh server process): ${report.sse.streams} streams, RSS ${report.sse.beforeMb.toFixed(0)} -> ${report.sse.openMb.toFixed(0)} MB open -> ${report.sse.closedMb.toFixed(0)} MB closed`,
  );
  out.push('');
  for (const check of checks(report))
    out.push(`${check.met ? 'met   ' : 'MISSED'} ${check.goal}: ${check.value}`);
  out.push(
    `load average before ${load(report.loadBefore)}, after ${load(report.loadAfter)} (${report.cores} cores)`,
  );
  for (const note of report.notes) out.push(`note: ${note}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function writeReport(report: Report): Promise<void> {
  const chart = barChart(report);
  writeFileSync(join(ROOT, 'docs/benchmarks.svg'), chart);
  const lines = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.ts); do not edit by hand. The run measures, interleaved',
    'in one process, the same three calls against the local control plane (etcd, kube-apiserver,',
    'KWOK; see `npm run cluster:up`) in a namespace with 100 Running pods:',
    '',
    '- **floor**: the API request itself over a kept-alive HTTPS connection (Table and JSON);',
    '- **this server** (`dist/`, NODE_ENV=production, JWT auth, LOG_LEVEL=warn, rate limit off) over',
    '  Streamable HTTP in a session, as plain JSON-RPC POSTs without a session, with a new session per',
    '  call (initialize, call, DELETE: what Dify does), and over HTTP+SSE;',
    '- the peers `kubernetes-mcp-server` (Go) and `mcp-server-kubernetes` (TypeScript, runs kubectl),',
    '  installed on demand outside the repository, over Streamable HTTP.',
    '',
    `Each cell is a closed loop of 1, 8 or 32 clients; ${report.rounds} round(s) of ${report.cellSeconds} s per cell,`,
    'targets interleaved so that background load hits them alike. Latencies in milliseconds.',
    '',
    `Run: ${report.date}, ${report.cores} cores, Node ${report.node}, load average before ${load(report.loadBefore)},`,
    `after ${load(report.loadAfter)} (the machine is shared: absolute figures vary, ratios within one run hold).`,
    '',
    '![p50 latency at 1 client and calls/s at 32 clients](benchmarks.svg)',
    '',
    '## Targets',
    '',
    '| goal | this run | |',
    '|---|---|---|',
    ...checks(report).map(
      (check) => `| ${check.goal} | ${check.value} | ${check.met ? 'met' : 'missed'} |`,
    ),
    '',
  ];
  for (const op of OPS) lines.push(`## ${OP_LABELS[op]}`, '', ...opTable(report, op), '');
  lines.push(
    '## Start-up, memory and catalogue',
    '',
    '| server | start to ready | idle RSS | RSS after the run | tools | tools/list chars | largest tool |',
    '|---|---|---|---|---|---|---|',
    ...report.servers.map(
      (server) =>
        `| ${server.label} | ${int(server.startMs)} ms | ${server.idleRssMb.toFixed(0)} MB | ${server.loadedRssMb.toFixed(0)} MB | ${server.catalogue.tools} | ${int(server.catalogue.chars)} | ${server.catalogue.largest.name} (${int(server.catalogue.largest.chars)}) |`,
    ),
    '',
    `Start to ready: from spawn to the first 200 of /health/ready (peers: of an MCP initialize).`,
    `tools/list chars: the JSON of the tools array as an admin sees it.`,
    '',
    `## ${report.sse.streams} open HTTP+SSE streams (this server)`,
    '',
    'Measured on a second, fresh server process started for this alone (idle 3 s after ready), so',
    'the figure is what the streams cost, not what is left of the heap the load phase grew.',
    '',
    '| RSS before | with the streams open | after closing them | time to open |',
    '|---|---|---|---|',
    `| ${report.sse.beforeMb.toFixed(0)} MB | ${report.sse.openMb.toFixed(0)} MB (+${(report.sse.openMb - report.sse.beforeMb).toFixed(0)} MB) | ${report.sse.closedMb.toFixed(0)} MB | ${report.sse.openSeconds.toFixed(1)} s |`,
    '',
    'Memory over a 10-minute soak: `npm run bench -- --soak=600`, results in [benchmarks-soak.md](benchmarks-soak.md).',
    '',
  );
  if (report.notes.length)
    lines.push('## Notes', '', ...report.notes.map((note) => `- ${note}`), '');
  await writeMarkdown(join(ROOT, 'docs/benchmarks.md'), lines.join('\n'));
}
