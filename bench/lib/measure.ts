import type { CellResult } from './stats.ts';
import type { Op, OpClient, Target } from './targets.ts';

/**
 * Runs `clients.length` clients in closed loops for `seconds`: each sends its next call as
 * soon as the previous one answered. Latency per call in milliseconds.
 */
export async function runCell(
  target: Target,
  op: Op,
  clients: OpClient[],
  seconds: number,
): Promise<CellResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let chars = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          chars = await client.call(op);
          samples.push(performance.now() - t0);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message.slice(0, 300);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }),
  );
  return {
    target: target.name,
    op,
    clients: clients.length,
    samples,
    errors,
    firstError,
    seconds: (performance.now() - started) / 1000,
    chars,
  };
}
