import { KubernetesClientFactory } from '#kubernetes';
import { VersionApi } from '@kubernetes/client-node';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

export const KUBE_API_HEALTH_TIMEOUT_MS = 3000;

/** Up when the Kubernetes API server answers its version endpoint within the timeout. */
@Injectable()
export class KubeApiHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly clients: KubernetesClientFactory,
  ) {}

  check(key = 'kubernetes'): PromiseLike<HealthIndicatorResult> {
    return this.health
      .check(key)
      .attempt(async ({ signal }) => {
        const version = await Promise.race([
          this.clients.api(VersionApi).getCode(),
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }),
          ),
        ]);
        return { version: version.gitVersion, server: this.clients.currentServer() };
      })
      .withTimeout(KUBE_API_HEALTH_TIMEOUT_MS);
  }
}
