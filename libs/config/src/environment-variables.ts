import { ClientVariables } from './client.variables.js';

export {
  LOG_FORMATS,
  LOG_LEVELS,
  NODE_ENVIRONMENTS,
  toBoolean,
  toInteger,
  type LogFormat,
  type LogLevel,
  type NodeEnvironment,
} from './variable-formats.js';

/**
 * The process environment as the server accepts it. Names and defaults follow the product's
 * documented variables; every field is validated once at start-up (see validateEnvironment).
 * The fields are declared by topic in server.variables.ts, auth.variables.ts,
 * runtime.variables.ts and client.variables.ts.
 */
export class EnvironmentVariables extends ClientVariables {}

/** Every variable the server reads; anything else in the environment is ignored. */
export const ENVIRONMENT_VARIABLE_NAMES: readonly (keyof EnvironmentVariables)[] = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'KUBECONFIG',
  'K8S_CONTEXT',
  'K8S_IN_CLUSTER',
  'K8S_NAMESPACE',
  'K8S_EXEC_ENABLED',
  'MCP_MAX_OUTPUT_CHARS',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'AUTH_ENABLED',
  'JWT_SECRET',
  'JWT_EXPIRES_IN',
  'JWT_MAX_LIFETIME',
  'ALLOW_INSECURE_PRODUCTION',
  'AUTH_USERS_FILE',
  'AUTH_POLICY_FILE',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'OIDC_ISSUER_URL',
  'OIDC_AUDIENCE',
  'OIDC_ROLES_CLAIM',
  'OIDC_USERNAME_CLAIM',
  'AUTH_GROUP_ROLES',
  'AUTH_GROUP_NAMESPACES',
  'AUTH_PROXY_USER_HEADER',
  'AUTH_PROXY_GROUPS_HEADER',
  'AUTH_PROXY_TRUSTED_IPS',
  'PUBLIC_URL',
  'K8S_IMPERSONATE',
  'RATE_LIMIT_WINDOW',
  'RATE_LIMIT_MAX',
  'LOGIN_RATE_LIMIT_WINDOW',
  'LOGIN_RATE_LIMIT_MAX',
  'CORS_ORIGINS',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TRUST_PROXY',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'LOG_FILE',
  'LOG_CONSOLE',
  'REDIS_URL',
  'METRICS_PORT',
  'SHUTDOWN_TIMEOUT_MS',
  'HEALTH_CHECK_TIMEOUT_MS',
  'MCP_ALLOWED_ORIGINS',
  'MCP_ALLOWED_HOSTS',
  'MCP_MAX_BODY_BYTES',
  'MCP_SESSION_IDLE_TIMEOUT_MS',
  'MCP_SSE_KEEPALIVE_MS',
  'MCP_MAX_SESSIONS_PER_USER',
  'MCP_STDIO_ROLES',
];
