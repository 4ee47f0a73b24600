export { HealthController } from './health.controller.js';
export { HealthModule } from './health.module.js';
export { HealthService } from './health.service.js';
export { KubeApiHealthIndicator } from './kube-api.health.js';
export { MetricsController } from './metrics/metrics.controller.js';
export { MetricsPortServer } from './metrics/metrics-port.server.js';
export { RedisHealthIndicator } from './redis.health.js';
export { ShutdownHealthIndicator } from './shutdown.health.js';
export {
  drainAndClose,
  installGracefulShutdown,
  type GracefulShutdownOptions,
} from './shutdown/graceful-shutdown.js';
export { InFlightRequestsMiddleware } from './shutdown/in-flight-requests.middleware.js';
export { ShutdownState } from './shutdown/shutdown-state.js';
