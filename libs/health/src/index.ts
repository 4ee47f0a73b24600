export { HealthController } from './health.controller.js';
export { HealthModule } from './health.module.js';
export { KubeApiHealthIndicator } from './kube-api.health.js';
