import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { hashSync } from '@node-rs/bcrypt';
import { stringify } from 'yaml';

import { kubectlDirectory, type Cluster } from './cluster.ts';
import { loopbackAgent, send } from './http.ts';
import { freePort, startProcess, type Started } from './processes.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

export interface RunningServer extends Started {
  baseUrl: string;
  headers: Record<string, string>;
}

/** This server from dist/ (npm run build), as production runs it, and an admin's login token. */
export async function startThisServer(
  cluster: Cluster,
  nodeOptions: string[] = [],
): Promise<RunningServer> {
  const main = join(ROOT, 'dist/apps/server/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  const port = await freePort();
  const secret = randomBytes(36).toString('base64url');
  const password = randomBytes(18).toString('base64url');
  const usersFile = join(mkdtempSync(join(tmpdir(), 'bench-users-')), 'users.yaml');
  writeFileSync(
    usersFile,
    stringify({
      users: [{ name: 'bench-admin', passwordHash: hashSync(password, 10), roles: ['admin'] }],
    }),
  );
  const started = await startProcess({
    command: process.execPath,
    args: [...startFlags(), ...nodeOptions, main],
    port,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      KUBECONFIG: cluster.kubeconfigPath,
      AUTH_ENABLED: 'true',
      JWT_SECRET: secret,
      AUTH_USERS_FILE: usersFile,
      // The benchmark measures the server, not the limiter or the console logger.
      RATE_LIMIT_MAX: '0',
      // One benchmark user holds 64 sessions and then 1,000 SSE streams.
      MCP_MAX_SESSIONS_PER_USER: '0',
      LOG_LEVEL: 'warn',
    },
    ready: async (candidate) =>
      (
        await send({
          url: `http://127.0.0.1:${candidate}/health/ready`,
          agent: loopbackAgent(),
          timeoutMs: 2000,
        })
      ).status === 200,
  });
  const login = await send({
    method: 'POST',
    url: `http://127.0.0.1:${port}/auth/login`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench-admin', password }),
    agent: loopbackAgent(),
  });
  if (login.status !== 200) throw new Error(`login: HTTP ${login.status} ${login.text}`);
  const token = (JSON.parse(login.text) as { access_token: string }).access_token;
  return {
    ...started,
    baseUrl: `http://127.0.0.1:${port}`,
    headers: { authorization: `Bearer ${token}` },
  };
}

/** The Node flags of `npm start`, so the benchmark measures what ships. */
function startFlags(): string[] {
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return packageJson.scripts.start.split(' ').filter((word) => word.startsWith('--'));
}

/** Peers are installed on demand into a cache outside the repository. */
export function peerCache(): string {
  return (
    process.env.BENCH_PEERS_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-kubernetes', 'bench-peers')
  );
}

export async function installPeer(pkg: string, binary: string): Promise<string> {
  const prefix = peerCache();
  const path = join(prefix, 'node_modules', binary);
  if (existsSync(path)) return path;
  mkdirSync(prefix, { recursive: true });
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', pkg], {
    timeout: 300_000,
  });
  if (!existsSync(path)) throw new Error(`npm installed ${pkg} but ${path} is missing`);
  return path;
}

async function mcpAnswers(url: string): Promise<boolean> {
  const answer = await send({
    method: 'POST',
    url,
    agent: loopbackAgent(),
    timeoutMs: 2000,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'bench-probe', version: '1' },
      },
    }),
  });
  return answer.status === 200;
}

/** kubernetes-mcp-server (Go), Streamable HTTP on --port. */
export async function startGoPeer(cluster: Cluster): Promise<RunningServer> {
  const binary = await installPeer(
    'kubernetes-mcp-server-linux-amd64',
    'kubernetes-mcp-server-linux-amd64/bin/kubernetes-mcp-server-linux-amd64',
  );
  const port = await freePort();
  const started = await startProcess({
    command: binary,
    args: [
      '--port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--kubeconfig',
      cluster.kubeconfigPath,
    ],
    port,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: cluster.kubeconfigPath },
    ready: (candidate) => mcpAnswers(`http://127.0.0.1:${candidate}/mcp`),
  });
  return { ...started, baseUrl: `http://127.0.0.1:${port}`, headers: {} };
}

/** mcp-server-kubernetes (TypeScript, shells out to kubectl), stateless Streamable HTTP. */
export async function startTsPeer(cluster: Cluster): Promise<RunningServer> {
  const entry = await installPeer('mcp-server-kubernetes', 'mcp-server-kubernetes/dist/index.js');
  const kubectl = kubectlDirectory();
  if (!existsSync(join(kubectl, 'kubectl')))
    throw new Error(`kubectl not found in ${kubectl}: run npm run cluster:build`);
  const port = await freePort();
  const started = await startProcess({
    command: process.execPath,
    args: [entry],
    port,
    env: {
      PATH: `${kubectl}:${process.env.PATH}`,
      HOME: process.env.HOME,
      KUBECONFIG: cluster.kubeconfigPath,
      ENABLE_UNSAFE_STREAMABLE_HTTP_TRANSPORT: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      ENABLE_TELEMETRY: 'false',
      OTEL_SDK_DISABLED: 'true',
    },
    ready: (candidate) => mcpAnswers(`http://127.0.0.1:${candidate}/mcp`),
  });
  return { ...started, baseUrl: `http://127.0.0.1:${port}`, headers: {} };
}
