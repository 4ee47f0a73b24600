import { AppConfig } from '#config';
import { ANONYMOUS_ADMIN, type Caller } from '#mcp';
import {
  KubeConfig,
  KubernetesObjectApi,
  type ApiType,
  type Context,
} from '@kubernetes/client-node';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { ImpersonatingKubeConfig } from './impersonating-kube-config.js';
import { KUBE_CONFIG } from './kubernetes.tokens.js';
import { selectContext } from './load-kube-config.js';

type ApiConstructor<T extends ApiType> = new (config: never) => T;

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
export class KubernetesClientFactory {
  private readonly byContext = new Map<string, KubeConfig>();

  constructor(
    @Inject(KUBE_CONFIG) private readonly kubeConfig: KubeConfig,
    @Optional() private readonly appConfig?: AppConfig,
  ) {}

  /**
   * The KubeConfig for a context (the configured one when omitted). With K8S_IMPERSONATE=true
   * and a caller, requests made through it act as that caller (Impersonate-User/Group).
   */
  config(context?: string, caller?: Caller): KubeConfig {
    const base = this.contextConfig(context);
    if (!caller || !this.appConfig?.auth.impersonate || caller === ANONYMOUS_ADMIN) return base;
    return new ImpersonatingKubeConfig(base, { user: caller.subject, groups: caller.groups ?? [] });
  }

  private contextConfig(context?: string): KubeConfig {
    if (!context || context === this.kubeConfig.getCurrentContext()) return this.kubeConfig;
    // One KubeConfig per context, so its connection pool is reused across tool calls.
    const cached = this.byContext.get(context);
    if (cached) return cached;
    const copy = new KubeConfig();
    copy.loadFromOptions({
      clusters: this.kubeConfig.getClusters(),
      users: this.kubeConfig.getUsers(),
      contexts: this.kubeConfig.getContexts(),
      currentContext: this.kubeConfig.getCurrentContext(),
    });
    selectContext(copy, context);
    this.byContext.set(context, copy);
    return copy;
  }

  api<T extends ApiType>(apiClass: ApiConstructor<T>, context?: string, caller?: Caller): T {
    return this.config(context, caller).makeApiClient(apiClass as never);
  }

  objects(context?: string, caller?: Caller): KubernetesObjectApi {
    return KubernetesObjectApi.makeApiClient(this.config(context, caller));
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
}
