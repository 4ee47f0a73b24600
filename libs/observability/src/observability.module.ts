import { Global, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';

import { HttpAccessLogMiddleware } from './http-access-log.middleware.js';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsService } from './metrics/metrics.service.js';
import { RequestIdMiddleware } from './request-id.middleware.js';

/**
 * Request ids, access logging and Prometheus metrics for every HTTP route. Global so any
 * module can inject MetricsService; HealthModule serves them at /metrics.
 */
@Global()
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestIdMiddleware, HttpAccessLogMiddleware, HttpMetricsMiddleware)
      .forRoutes('*path');
  }
}
