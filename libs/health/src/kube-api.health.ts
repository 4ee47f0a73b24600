import { AppConfig } from '#config';
import { KubernetesClientFactory } from '#kubernetes';
import { MetricsService } from '#observability';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

import { TERMINUS_BACKSTOP_MS, withDeadline } from './with-deadline.js';

/**
 * Up when the Kubernetes API server answers its version endpoint within HEALTH_CHECK_TIMEOUT_MS.
 * The result names the server, so a 503 says which cluster could not be reached.
 */
@Injectable()
export class KubeApiHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly clients: KubernetesClientFactory,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  check(key = 'kubernetes'): PromiseLike<HealthIndicatorResult> {
    const timeoutMs = this.config.runtime.healthCheckTimeoutMs;
    return this.health
      .check(key)
      .attempt(async () => {
        const server = this.clients.currentServer();
        try {
          const version = await withDeadline(
            this.metrics.timeKubernetesRequest('get version', () => this.clients.serverVersion()),
            timeoutMs,
            `gave no answer within ${timeoutMs}ms`,
          );
          return { version: version.gitVersion, server };
        } catch (error) {
          throw new Error(`Kubernetes API at ${server} ${describe(error as Error)}`, {
            cause: error,
          });
        }
      })
      .withTimeout(timeoutMs + TERMINUS_BACKSTOP_MS);
  }
}

function describe(error: Error): string {
  return error.message.startsWith('gave no answer')
    ? error.message
    : `is not reachable: ${error.message}`;
}
