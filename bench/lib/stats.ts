/** Latency samples of one measurement cell and what is derived from them. */
export interface CellResult {
  target: string;
  op: string;
  clients: number;
  samples: number[];
  errors: number;
  firstError?: string;
  seconds: number;
  chars: number;
}

export interface CellSummary {
  target: string;
  op: string;
  clients: number;
  calls: number;
  errors: number;
  firstError?: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  chars: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function summarize(cell: CellResult): CellSummary {
  const sorted = [...cell.samples].sort((a, b) => a - b);
  return {
    target: cell.target,
    op: cell.op,
    clients: cell.clients,
    calls: sorted.length,
    errors: cell.errors,
    firstError: cell.firstError,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    perSecond: cell.seconds > 0 ? sorted.length / cell.seconds : 0,
    chars: cell.chars,
  };
}

/** Adds the samples of a later round to the same cell (interleaved rounds, one result). */
export function merge(into: CellResult | undefined, next: CellResult): CellResult {
  if (!into) return next;
  return {
    ...into,
    samples: into.samples.concat(next.samples),
    errors: into.errors + next.errors,
    firstError: into.firstError ?? next.firstError,
    seconds: into.seconds + next.seconds,
    chars: into.chars || next.chars,
  };
}

/** Least-squares slope of y over x (e.g. MB per minute during a soak). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const num = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return den ? num / den : 0;
}
