import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';

import { HttpAccessLogMiddleware } from './http-access-log.middleware.js';
import { RequestIdMiddleware } from './request-id.middleware.js';

/** Request ids and access logging for every HTTP route. */
@Module({})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, HttpAccessLogMiddleware).forRoutes('*path');
  }
}
