import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MAIN, NODE, ensureBuilt } from '../support/built-server.js';
import { adminKubeconfigPath } from '../support/cluster.js';
import { SlowProxy } from '../support/slow-proxy.js';

// Every chunk to the API server waits this long, so the tool call takes a few seconds.
const CLUSTER_DELAY_MS = 700;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The admin kubeconfig with its server replaced by the slow proxy. */
function kubeconfigThrough(proxyPort: number, dir: string): string {
  const original = readFileSync(adminKubeconfigPath(), 'utf8');
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    original.replace(
      /server: https:\/\/127\.0\.0\.1:\d+/,
      `server: https://127.0.0.1:${proxyPort}`,
    ),
  );
  return path;
}

function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function waitForLive(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not become live`);
}

describe('graceful shutdown of the production process (SIGTERM)', () => {
  let proxy: SlowProxy;
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    ensureBuilt();
    const server = new URL(readFileSync(adminKubeconfigPath(), 'utf8').match(/server: (\S+)/)![1]);
    proxy = await SlowProxy.start(server.hostname, Number(server.port));
    dir = mkdtempSync(join(tmpdir(), 'shutdown-e2e-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(NODE, [MAIN], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        KUBECONFIG: kubeconfigThrough(proxy.port, dir),
        AUTH_ENABLED: 'false',
        SHUTDOWN_TIMEOUT_MS: '15000',
        HEALTH_CHECK_TIMEOUT_MS: '10000',
        LOG_FORMAT: 'simple',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    await waitForLive(url);
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready before the signal', async () => {
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ info: { kubernetes: { status: 'up' } } });
  });

  it('turns readiness to 503, refuses new sessions, finishes the running tool call, ends the open SSE stream and exits 0', async () => {
    // An open legacy SSE stream must end cleanly rather than hold the process open.
    const sse = await fetch(`${url}/mcp/sse`, { headers: { accept: 'text/event-stream' } });
    expect(sse.status).toBe(200);
    const sseReader = sse.body!.getReader();
    const firstEvent = new TextDecoder().decode((await sseReader.read()).value);
    expect(firstEvent).toContain('event: endpoint');
    const sseEnded = (async () => {
      for (;;) if ((await sseReader.read()).done) return 'ended';
    })().catch(() => 'cut');

    proxy.delayMs = CLUSTER_DELAY_MS;
    const started = Date.now();
    const toolCall = fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'nodes' } },
      }),
    });
    await new Promise((r) => setTimeout(r, 400));
    const exited = exitOf(child);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'error',
      error: { shutdown: { status: 'down', message: expect.stringContaining('SIGTERM') } },
    });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const initialize = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 't', version: '1' },
        },
      }),
    });
    expect(initialize.status).toBe(503);

    const answer = await toolCall;
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { result?: { content: { text: string }[] } };
    expect(body.result?.content[0].text).toContain('kwok-node-0');
    const toolCallMs = Date.now() - started;
    expect(toolCallMs).toBeGreaterThan(CLUSTER_DELAY_MS);

    await expect(sseEnded).resolves.toBe('ended');
    await expect(exited).resolves.toEqual({ code: 0, signal: null });
    console.log(
      `tool call took ${toolCallMs}ms; process exited ${Date.now() - started}ms after the call began`,
    );
    expect(output).toContain('readiness is now 503');
    expect(output).toContain('Shut down cleanly');
  }, 60_000);
});
