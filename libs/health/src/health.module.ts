import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { KubeApiHealthIndicator } from './kube-api.health.js';
import { RedisHealthIndicator } from './redis.health.js';
import { ShutdownHealthIndicator } from './shutdown.health.js';
import { InFlightRequestsMiddleware } from './shutdown/in-flight-requests.middleware.js';
import { ShutdownState } from './shutdown/shutdown-state.js';

/**
 * Health endpoints and the shutdown state. Global so any module (the MCP layer refusing new
 * sessions, a tool tracking work that outlives its request) can inject ShutdownState.
 */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
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
