import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

import { KubernetesClientFactory } from './kubernetes-client.factory.js';

/**
 * Checks the connection to the cluster once at start-up and logs the server version. An
 * unreachable cluster is logged, not fatal: readiness reports it until the cluster answers.
 */
@Injectable()
export class ClusterConnectionLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('Kubernetes');

  constructor(private readonly clients: KubernetesClientFactory) {}

  onApplicationBootstrap(): void {
    // Not awaited: a hung API server must not keep the HTTP server from listening, or the
    // liveness probe would fail and Kubernetes would restart a pod that is fine.
    void this.logConnection();
  }

  private async logConnection(): Promise<void> {
    const server = this.clients.currentServer();
    const context = this.clients.currentContext();
    try {
      const version = await this.clients.serverVersion();
      this.logger.log(
        `Connected to Kubernetes ${version.gitVersion} at ${server} (context "${context}")`,
      );
    } catch (error) {
      this.logger.warn(
        `Kubernetes API at ${server} (context "${context}") is not reachable yet: ${(error as Error).message}`,
      );
    }
  }
}
