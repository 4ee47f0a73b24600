import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Started {
  child: ChildProcess;
  port: number;
  /** Milliseconds from spawn to the first ready answer. */
  startMs: number;
  /** The last lines the process printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
  return kb / 1024;
}

/**
 * Spawns a server and waits until `ready(port)` is true, polling every 20 ms. The time to
 * ready is measured from just before spawn.
 */
export async function startProcess(options: {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  port: number;
  ready: (port: number) => Promise<boolean>;
  timeoutMs?: number;
}): Promise<Started> {
  const lines: string[] = [];
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    env: options.env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'));
    if (lines.length > 50) lines.splice(0, lines.length - 50);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = started + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${options.command} exited: ${lines.join('\n')}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.command} not ready in time: ${lines.join('\n')}`);
    }
    if (await options.ready(options.port).catch(() => false)) break;
    await sleep(20);
  }
  const startMs = performance.now() - started;
  return {
    child,
    port: options.port,
    startMs,
    output: () => lines.join('\n'),
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
