import type { KubeConfig } from '@kubernetes/client-node';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { MetricsService } from '#observability';

import type { ApiResource } from './api/api-resource.js';
import {
  KubernetesHttpClient,
  type KubernetesRequestObserver,
} from './api/kubernetes-http.client.js';
import { ResourceResolver } from './api/resource-resolver.js';
import { KubernetesClientFactory } from './kubernetes-client.factory.js';
import { soleNamespace } from './namespace-access.js';

/** One cluster as a tool call sees it: raw REST access plus resource-type resolution. */
export class ClusterConnection {
  constructor(
    readonly contextName: string,
    readonly http: KubernetesHttpClient,
    readonly defaultNamespace: string,
    private readonly resolver: ResourceResolver,
    private readonly cacheKey: string,
    /** For the streaming APIs (exec) that client-node drives itself. */
    readonly kubeConfig: KubeConfig,
  ) {}

  resolve(query: string): Promise<ApiResource> {
    return this.resolver.resolve(this.cacheKey, this.http, query);
  }

  resolveKind(
    apiVersion: string,
    kind: string,
    options?: { servedVersion?: boolean },
  ): Promise<ApiResource> {
    return this.resolver.resolveKind(this.cacheKey, this.http, apiVersion, kind, options);
  }

  resourceTypes(): Promise<ApiResource[]> {
    return this.resolver.list(this.cacheKey, this.http);
  }
}

/**
 * Where every tool gets its cluster connection. It goes through KubernetesClientFactory, so
 * credentials (and impersonation of the caller, once configured) are decided in one place.
 */
@Injectable()
export class ClusterAccess {
  private readonly resolver = new ResourceResolver();
  private readonly observe?: KubernetesRequestObserver;

  constructor(
    private readonly clients: KubernetesClientFactory,
    @Inject(AppConfig) private readonly config: AppConfig,
    @Optional() metrics?: MetricsService,
  ) {
    // Every tool request passes through here: latency and errors by operation, in one place.
    this.observe = metrics && metrics.recordKubernetesRequest.bind(metrics);
  }

  /**
   * With K8S_IMPERSONATE=true, pass the caller so the API server acts as that person. A caller
   * limited to exactly one namespace gets it as the default namespace.
   */
  connect(context?: string, caller?: Caller): ClusterConnection {
    const kubeConfig = this.clients.config(context, caller);
    const contextName = kubeConfig.getCurrentContext();
    const namespace =
      kubeConfig.getContextObject(contextName)?.namespace ??
      this.config.kubernetes.defaultNamespace;
    const server = kubeConfig.getCurrentCluster()?.server ?? contextName;
    return new ClusterConnection(
      contextName,
      new KubernetesHttpClient(kubeConfig, this.observe),
      soleNamespace(caller) ?? (context ? namespace : this.config.kubernetes.defaultNamespace),
      this.resolver,
      server,
      kubeConfig,
    );
  }

  get maxOutputChars(): number {
    return this.config.kubernetes.maxOutputChars;
  }

  /** Longest time kubectl_logs may follow a container. */
  get logsFollowMaxSeconds(): number {
    return this.config.kubernetes.logsFollowMaxSeconds;
  }
}
