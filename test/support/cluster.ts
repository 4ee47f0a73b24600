import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/control-plane keeps the local cluster (see versions.sh). */
export const CLUSTER_HOME =
  process.env.CLUSTER_HOME ??
  join(process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'mcp-kubernetes');

export function adminKubeconfigPath(): string {
  return process.env.TEST_KUBECONFIG ?? join(CLUSTER_HOME, 'kubeconfig');
}

export function adminKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(adminKubeconfigPath());
  return kubeConfig;
}

/** Static bearer tokens of the test users (alice: team-a edit, bob: team-b view, mcp-server). */
export function userToken(user: 'alice' | 'bob' | 'mcp-server'): string {
  const line = readFileSync(join(CLUSTER_HOME, 'tokens.csv'), 'utf8')
    .split('\n')
    .find((row) => row.split(',')[1] === user);
  if (!line)
    throw new Error(`No token for ${user} in ${CLUSTER_HOME}/tokens.csv; run npm run cluster:up`);
  return line.split(',')[0];
}

/** A KubeConfig that authenticates to the local cluster as one of the test users. */
export function userKubeConfig(user: 'alice' | 'bob' | 'mcp-server'): KubeConfig {
  const admin = adminKubeConfig();
  const cluster = admin.getCurrentCluster()!;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [cluster],
    users: [{ name: user, token: userToken(user) }],
    contexts: [{ name: user, cluster: cluster.name, user }],
    currentContext: user,
  });
  return kubeConfig;
}

/** A namespace name unique to one test run, so parallel files never collide. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`.slice(0, 63);
}

/** The admin API server's address, e.g. to put a proxy in front of it. */
export function apiServerAddress(): { host: string; port: number } {
  const server = new URL(adminKubeConfig().getCurrentCluster()!.server);
  return { host: server.hostname, port: Number(server.port || 443) };
}

/** A copy of the admin kubeconfig (in a new temporary folder) whose server is 127.0.0.1:port. */
export function kubeconfigThroughPort(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-'));
  const path = join(dir, 'kubeconfig');
  const original = readFileSync(adminKubeconfigPath(), 'utf8');
  writeFileSync(
    path,
    original.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`),
  );
  return path;
}
