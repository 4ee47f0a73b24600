export { AppConfig } from './app-config.js';
export { durationToSeconds, parseGroupMapping } from './app-config.js';
export type {
  AuthProxySettings,
  AuthSettings,
  HttpTimeouts,
  ClientSettings,
  OidcSettings,
  RateLimitSettings,
  TransportSettings,
  KubernetesSettings,
  LogSettings,
  McpTransportSettings,
  RedisSettings,
  RuntimeSettings,
  ServerSettings,
} from './app-config.js';
export { ConfigModule } from './config.module.js';
export {
  ENVIRONMENT_VARIABLE_NAMES,
  EnvironmentVariables,
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevel,
} from './environment-variables.js';
export { loadDotEnv } from './load-dotenv.js';
export { Secret } from './secret.js';
export { ConfigurationError, validateEnvironment } from './validate-environment.js';
