/**
 * Asks GET /health/live at once and then every `everyMs` until stopped, and keeps the slowest
 * answer: if any request holds up the server's event loop, the probe sent meanwhile waits.
 */
export function probeLiveness(
  url: string,
  everyMs = 25,
): { stop(): Promise<{ slowestMs: number; probes: number }> } {
  let slowest = 0;
  let probes = 0;
  let running = true;
  const inFlight = new Set<Promise<void>>();
  const send = () => {
    probes++;
    const started = performance.now();
    const probe = fetch(`${url}/health/live`, { signal: AbortSignal.timeout(60_000) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`/health/live answered ${response.status}`);
      })
      .catch(() => {
        slowest = Infinity;
      })
      .finally(() => {
        slowest = Math.max(slowest, performance.now() - started);
        inFlight.delete(probe);
      });
    inFlight.add(probe);
  };
  setImmediate(send);
  const timer = setInterval(send, everyMs);
  return {
    async stop() {
      if (running) clearInterval(timer);
      running = false;
      await Promise.all(inFlight);
      return { slowestMs: slowest, probes };
    },
  };
}
