import { openSseStream, type SseStream } from './mcp-clients.ts';
import { rssMb } from './processes.ts';
import type { RunningServer } from './servers.ts';

export interface SseMemory {
  streams: number;
  beforeMb: number;
  openMb: number;
  closedMb: number;
  openSeconds: number;
}

const BATCH = 50;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens `count` HTTP+SSE streams (each its own connection and MCP session), then closes them.
 * `server` should be a fresh process: its RSS before is then the idle figure, 3 s after ready.
 */
export async function measureSseStreams(server: RunningServer, count: number): Promise<SseMemory> {
  await settle(3000);
  const beforeMb = rssMb(server.child.pid);
  const started = performance.now();
  const streams: SseStream[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - i) }, async () => {
        const stream = await openSseStream(`${server.baseUrl}/mcp/sse`, server.headers);
        await stream.endpoint;
        return stream;
      }),
    );
    streams.push(...batch);
  }
  const openSeconds = (performance.now() - started) / 1000;
  await settle(3000);
  const openMb = rssMb(server.child.pid);
  for (const stream of streams) stream.close();
  await settle(3000);
  return { streams: count, beforeMb, openMb, closedMb: rssMb(server.child.pid), openSeconds };
}
