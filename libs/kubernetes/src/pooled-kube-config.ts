import type { RequestContext } from '@kubernetes/client-node';

import { KubeConfig } from './client-node.js';

import type { KubernetesConnectionPool } from './api/kubernetes-connection-pool.js';

/**
 * A copy of a KubeConfig whose API requests (raw REST and the typed clients alike) go through
 * the shared connection pool instead of a new TLS connection each.
 */
export class PooledKubeConfig extends KubeConfig {
  constructor(
    base: KubeConfig,
    readonly pool: KubernetesConnectionPool,
  ) {
    super();
    this.loadFromOptions({
      clusters: base.getClusters(),
      users: base.getUsers(),
      contexts: base.getContexts(),
      currentContext: base.getCurrentContext(),
    });
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    this.pool.reuse(this, context);
  }
}
