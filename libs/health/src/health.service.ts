import { Injectable } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';

import { KubeApiHealthIndicator } from './kube-api.health.js';
import { RedisHealthIndicator } from './redis.health.js';
import { ShutdownHealthIndicator } from './shutdown.health.js';
import { ShutdownState } from './shutdown/shutdown-state.js';

/** Chooses which indicators each health endpoint runs. */
@Injectable()
export class HealthService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kubeApi: KubeApiHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
    private readonly shutdownState: ShutdownState,
  ) {}

  overall(): Promise<HealthCheckResult> {
    return this.health.check([() => this.shutdown.check(), ...this.dependencies()]);
  }

  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  ready(): Promise<HealthCheckResult> {
    // While draining the answer is already known; do not wait on the cluster to give it.
    if (this.shutdownState.isShuttingDown) return this.health.check([() => this.shutdown.check()]);
    return this.health.check([() => this.shutdown.check(), ...this.dependencies()]);
  }

  private dependencies(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.kubeApi.check()];
    if (this.redis.configured) checks.push(() => this.redis.check());
    return checks;
  }
}
