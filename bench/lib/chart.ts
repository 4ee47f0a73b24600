import type { Report } from './report.ts';
import { OPS, OP_LABELS } from './targets.ts';

const COLORS = { list: '#2b6cb0', get: '#38a169', logs: '#d69e2e' } as const;
const WIDTH = 920;
const LABEL = 260;
const BAR = 9;
const GROUP = OPS.length * BAR + 10;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One panel of grouped horizontal bars on a log10 axis. */
function panel(
  report: Report,
  top: number,
  title: string,
  value: (target: string, op: (typeof OPS)[number]) => number,
  unit: string,
): { svg: string; height: number } {
  const values = report.targets.flatMap((t) => OPS.map((op) => value(t.name, op)));
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...finite)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...finite)));
  const plot = WIDTH - LABEL - 80;
  const x = (v: number) => LABEL + (plot * Math.log10(v / lo)) / Math.log10(hi / lo);
  const parts = [`<text x="10" y="${top + 16}" class="title">${escape(title)}</text>`];
  const axisTop = top + 28;
  const height = report.targets.length * GROUP + 50;
  for (let tick = lo; tick <= hi; tick *= 10) {
    parts.push(
      `<line x1="${x(tick)}" y1="${axisTop}" x2="${x(tick)}" y2="${axisTop + height - 40}" class="grid"/>`,
      `<text x="${x(tick)}" y="${axisTop + height - 26}" class="tick">${tick.toLocaleString('en-US')} ${unit}</text>`,
    );
  }
  report.targets.forEach((target, index) => {
    const y = axisTop + 4 + index * GROUP;
    parts.push(
      `<text x="${LABEL - 8}" y="${y + GROUP / 2}" class="label">${escape(target.label)}</text>`,
    );
    OPS.forEach((op, slot) => {
      const v = value(target.name, op);
      if (!Number.isFinite(v) || v <= 0) return;
      const by = y + slot * BAR;
      parts.push(
        `<rect x="${LABEL}" y="${by}" width="${Math.max(1, x(v) - LABEL)}" height="${BAR - 1}" fill="${COLORS[op]}"/>`,
        `<text x="${x(v) + 4}" y="${by + BAR - 1}" class="value">${v < 10 ? v.toFixed(1) : Math.round(v)}</text>`,
      );
    });
  });
  return { svg: parts.join('\n'), height: height + 28 };
}

/** p50 at 1 client and calls/s at 32 clients, per target and call, as an SVG document. */
export function barChart(report: Report): string {
  const find = (target: string, op: string, clients: number) =>
    report.cells.find((c) => c.target === target && c.op === op && c.clients === clients);
  const latency = panel(
    report,
    30,
    'p50 latency at 1 client (log scale, lower is better)',
    (t, op) => find(t, op, 1)?.p50 ?? NaN,
    'ms',
  );
  const rate = panel(
    report,
    30 + latency.height + 10,
    'calls per second at 32 clients (log scale, higher is better)',
    (t, op) => find(t, op, 32)?.perSecond ?? NaN,
    '/s',
  );
  const height = 30 + latency.height + 10 + rate.height + 10;
  const legend = OPS.map(
    (op, index) =>
      `<rect x="${LABEL + index * 150}" y="8" width="12" height="12" fill="${COLORS[op]}"/><text x="${LABEL + index * 150 + 18}" y="18" class="legend">${OP_LABELS[op]}</text>`,
  ).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">
<style>
.title { font-size: 14px; font-weight: bold; }
.label { font-size: 12px; text-anchor: end; dominant-baseline: middle; }
.tick { font-size: 11px; text-anchor: middle; fill: #444; }
.value { font-size: 10px; fill: #222; }
.legend { font-size: 11px; fill: #444; }
.grid { stroke: #ddd; }
</style>
<rect width="100%" height="100%" fill="white"/>
${legend}
${latency.svg}
${rate.svg}
</svg>
`;
}
