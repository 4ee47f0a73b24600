import { AppConfig } from '#config';
import { ANONYMOUS_ADMIN, type Caller } from '#mcp';
import type { ApiType, Context, KubeConfig } from '@kubernetes/client-node';
import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';

import { KubernetesConnectionPool } from './api/kubernetes-connection-pool.js';
import { KubernetesHttpClient } from './api/kubernetes-http.client.js';
import { ImpersonatingKubeConfig } from './impersonating-kube-config.js';
import { KUBE_CONFIG } from './kubernetes.tokens.js';
import { selectContext } from './load-kube-config.js';
import { PooledKubeConfig } from './pooled-kube-config.js';

type ApiConstructor<T extends ApiType> = new (config: never) => T;

export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
}

export interface ClusterContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  current: boolean;
}

/**
 * Hands out typed API clients for the configured cluster or for another context of the
 * kubeconfig. Inject this instead of building clients, so tests and impersonation can swap
 * what sits behind it.
 */
@Injectable()
export class KubernetesClientFactory implements OnApplicationShutdown {
  private readonly byContext = new Map<string, KubeConfig>();
  private readonly pool = new KubernetesConnectionPool();
  /** The configured context, its requests on the shared connection pool. */
  private readonly current: PooledKubeConfig;

  constructor(
    @Inject(KUBE_CONFIG) private readonly kubeConfig: KubeConfig,
    @Optional() private readonly appConfig?: AppConfig,
  ) {
    this.current = new PooledKubeConfig(kubeConfig, this.pool);
  }

  /**
   * The KubeConfig for a context (the configured one when omitted). With K8S_IMPERSONATE=true
   * and a caller, requests made through it act as that caller (Impersonate-User/Group).
   */
  config(context?: string, caller?: Caller): KubeConfig {
    const base = this.contextConfig(context);
    if (!caller || !this.appConfig?.auth.impersonate || caller === ANONYMOUS_ADMIN) return base;
    return new ImpersonatingKubeConfig(
      base,
      { user: caller.subject, groups: caller.groups ?? [] },
      this.pool,
    );
  }

  private contextConfig(context?: string): KubeConfig {
    if (!context || context === this.kubeConfig.getCurrentContext()) return this.current;
    // One KubeConfig per context, so its credentials (and exec plugin tokens) are kept.
    const cached = this.byContext.get(context);
    if (cached) return cached;
    const copy = new PooledKubeConfig(this.kubeConfig, this.pool);
    selectContext(copy, context);
    this.byContext.set(context, copy);
    return copy;
  }

  /** A typed client-node API; the caller imports the class, and with it the generated API. */
  api<T extends ApiType>(apiClass: ApiConstructor<T>, context?: string, caller?: Caller): T {
    return this.config(context, caller).makeApiClient(apiClass as never);
  }

  /** The configured API server's version (GET /version), with the server's own credentials. */
  serverVersion(): Promise<ServerVersion> {
    return new KubernetesHttpClient(this.current).json<ServerVersion>({ path: '/version' });
  }

  contexts(): ClusterContext[] {
    const current = this.kubeConfig.getCurrentContext();
    return this.kubeConfig.getContexts().map((context: Context) => ({
      name: context.name,
      cluster: context.cluster,
      user: context.user,
      namespace: context.namespace,
      server: this.kubeConfig.getCluster(context.cluster)?.server,
      current: context.name === current,
    }));
  }

  currentServer(): string | undefined {
    return this.kubeConfig.getCurrentCluster()?.server;
  }

  currentContext(): string {
    return this.kubeConfig.getCurrentContext();
  }

  onApplicationShutdown(): Promise<void> {
    return this.pool.destroy();
  }
}
