import type { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';

interface PooledAgent {
  dispatcher: Dispatcher;
  createdAt: number;
}

/** After this long a pool is replaced, so rotated certificate files are picked up. */
const DEFAULT_MAX_AGE_MS = 10 * 60_000;

/**
 * One kept-alive connection pool per API server and credential.
 *
 * client-node 2.x builds a new undici Agent in every `applySecurityAuthentication` call, so each
 * API request used to open its own TLS connection (a new SecureContext and a full handshake).
 * This keeps the first Agent built for a cluster and user and puts it on every later request
 * with the same ones, so all tool calls share warm connections (HTTP/2 when the server offers
 * it). Agents are swapped for a fresh one after `maxAgeMs`; the old one finishes its requests.
 */
export class KubernetesConnectionPool {
  private readonly agents = new Map<string, PooledAgent>();

  constructor(
    private readonly maxAgeMs = DEFAULT_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the request's freshly built dispatcher with the pooled one for its cluster and user. */
  reuse(kubeConfig: KubeConfig, context: RequestContext): void {
    const fresh = context.getDispatcher();
    // No dispatcher: plain HTTP without TLS options, served by undici's global pool.
    if (!fresh) return;
    const key = credentialKey(kubeConfig);
    const pooled = this.agents.get(key);
    if (pooled && this.now() - pooled.createdAt < this.maxAgeMs) {
      // The fresh Agent has not connected yet: dropping it costs nothing.
      context.setDispatcher(pooled.dispatcher);
      return;
    }
    this.agents.set(key, { dispatcher: fresh, createdAt: this.now() });
    if (pooled) void pooled.dispatcher.close().catch(() => undefined);
  }

  /** How many pools are open (one per cluster and credential in use). */
  get size(): number {
    return this.agents.size;
  }

  /**
   * Drops every pooled connection. Called at shutdown, after in-flight tool calls have drained;
   * a request still hanging on an unresponsive API server must not hold the process open.
   */
  async destroy(): Promise<void> {
    const open = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(open.map(({ dispatcher }) => dispatcher.destroy().catch(() => undefined)));
  }
}

/** The API server and everything that decides the TLS identity, hashed (keys hold no secrets). */
function credentialKey(kubeConfig: KubeConfig): string {
  const cluster = kubeConfig.getCurrentCluster();
  const user = kubeConfig.getCurrentUser();
  return createHash('sha256')
    .update(JSON.stringify([cluster, user]))
    .digest('base64url');
}
