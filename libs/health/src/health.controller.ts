import { Public } from '#auth';
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';

import { HealthService } from './health.service.js';

/** Terminus endpoints for people (/health) and for Kubernetes probes (/health/live, /ready). */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Overall health: the cluster it manages, Redis when configured, and shutdown state. */
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.overall();
  }

  /** Liveness: the process answers. Never depends on the cluster, so an outage does not restart pods. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.live();
  }

  /** Readiness: this instance can serve requests; 503 names the dependency that cannot. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.ready();
  }
}
