import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { adminKubeconfigPath } from './cluster.js';
import { TEST_JWT_SECRET } from './test-app.js';

// The production entry point as `npm start` runs it, on the Node 24 of node_modules, in its own
// process: its event loop, memory and sockets are the server's alone, not shared with jest.
const ROOT = process.cwd();
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const MAIN = join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js');

/** The Node flags of `npm start` (e.g. the young-generation size), so tests run what ships. */
export function startFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return packageJson.scripts.start.split(' ').filter((word) => word.startsWith('--'));
}

export interface ServerProcess {
  child: ChildProcess;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resident memory of the server process in bytes (from /proc). */
  rssBytes(): number;
  /**
   * Runs a full, memory-reducing garbage collection in the server (through the inspector, so
   * only with `inspector: true`), so memory figures show what is still referenced.
   */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/** Newest modification time of the server's sources, to rebuild dist/ when it is stale. */
function newestSource(): number {
  return ['apps', 'libs']
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) =>
        join(ROOT, dir, file),
      ),
    )
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .reduce((newest, file) => Math.max(newest, statSync(file).mtimeMs), 0);
}

/** Builds dist/ with `npm run build` unless it is newer than every source file. */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && newestSource() <= statSync(MAIN).mtimeMs) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForLive(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited at start-up:\n${output()}`);
    const ok = await fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${url} did not become live:\n${output()}`);
}

/**
 * Starts the built server (`node dist/apps/server/src/main.js`) against the local cluster on a
 * free loopback port and waits until /health/live answers. `env` adds to or overrides the
 * test defaults (auth off, no rate limit, warnings only).
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  {
    inspector = false,
    nodeOptions = startFlags(),
  }: { inspector?: boolean; nodeOptions?: string[] } = {},
): Promise<ServerProcess> {
  ensureBuilt();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const inspectorPort = inspector ? await freePort() : undefined;
  const inspect = inspectorPort ? [`--inspect=127.0.0.1:${inspectorPort}`] : [];
  const child = spawn(NODE, [...nodeOptions, ...inspect, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      KUBECONFIG: adminKubeconfigPath(),
      AUTH_ENABLED: 'false',
      JWT_SECRET: TEST_JWT_SECRET,
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'simple',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await waitForLive(url, child, () => output);
  return {
    child,
    url,
    port,
    output: () => output,
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    collectGarbage: async () => {
      if (!inspectorPort)
        throw new Error('start the server with { inspector: true } to collect garbage');
      await collectGarbageThroughInspector(inspectorPort);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** HeapProfiler.collectGarbage over the DevTools protocol of the process's inspector. */
async function collectGarbageThroughInspector(port: number): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  await new Promise<void>((resolve, reject) => {
    socket.onmessage = (event) => {
      const reply = JSON.parse(String(event.data)) as { id?: number; error?: unknown };
      if (reply.id !== 1) return;
      if (reply.error) reject(new Error(JSON.stringify(reply.error)));
      else resolve();
    };
    socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
  });
  socket.close();
}
