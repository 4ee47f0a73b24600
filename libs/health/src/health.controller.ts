import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';

import { KubeApiHealthIndicator } from './kube-api.health.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kubeApi: KubeApiHealthIndicator,
  ) {}

  /** Overall health: the process and the cluster it manages. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.kubeApi.check()]);
  }

  /** Liveness: the process answers. Never depends on the cluster, so an outage does not restart pods. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the cluster answers, so requests routed here can be served. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.kubeApi.check()]);
  }
}
