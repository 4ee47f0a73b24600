import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { KubeApiHealthIndicator } from './kube-api.health.js';
import { MetricsPortServer } from './metrics/metrics-port.server.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { RedisHealthIndicator } from './redis.health.js';
import { ShutdownHealthIndicator } from './shutdown.health.js';
import { InFlightRequestsMiddleware } from './shutdown/in-flight-requests.middleware.js';
import { ShutdownState } from './shutdown/shutdown-state.js';

/**
 * The operational endpoints (health probes, /metrics) and the shutdown state. Global so any module (the MCP layer refusing new
 * sessions, a tool tracking work that outlives its request) can inject ShutdownState.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    MetricsPortServer,
    HealthService,
    KubeApiHealthIndicator,
    RedisHealthIndicator,
    ShutdownHealthIndicator,
    ShutdownState,
  ],
  exports: [ShutdownState],
})
export class HealthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(InFlightRequestsMiddleware).forRoutes('*path');
  }
}
