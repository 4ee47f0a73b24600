export { HttpAccessLogMiddleware } from './http-access-log.middleware.js';
export { HttpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
export {
  MetricsService,
  type McpTransport,
  type ToolCallOutcome,
} from './metrics/metrics.service.js';
export { ObservabilityModule } from './observability.module.js';
export {
  currentRequestContext,
  runWithRequestContext,
  type RequestContext,
} from './request-context.js';
export { REQUEST_ID_HEADER, RequestIdMiddleware } from './request-id.middleware.js';
export { winstonOptions } from './winston-options.js';
export { createRedisClient } from './redis-client.js';
export { describeRedisError, RedisErrorLog, type RedisEvents } from './redis-error-log.js';
