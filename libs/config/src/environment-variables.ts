import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export const LOG_FORMATS = ['combined', 'json', 'simple'] as const;
export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** Reads "true"/"false"-style words; anything else stays a string so validation names it. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return value;
}

/** Reads a whole decimal number; anything else stays a string so validation names it. */
export function toInteger({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

const BOOLEAN_MESSAGE = `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`;
// A DNS-1123 label, the rule Kubernetes applies to namespace names.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Durations in the form JWT libraries accept: "3600" (seconds), "90s", "15m", "24h", "7d".
const DURATION = /^\d+\s*(s|m|h|d|w)?$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
// A JWT claim name, optionally a dotted path into nested objects (realm_access.roles).
const CLAIM_NAME = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;
// "group=value|value,group=value": maps identity-provider groups to roles or namespaces.
const GROUP_MAPPING =
  /^\s*[^=,\s]+\s*=\s*[^=,|\s]+(\s*\|\s*[^=,|\s]+)*\s*(,\s*[^=,\s]+\s*=\s*[^=,|\s]+(\s*\|\s*[^=,|\s]+)*\s*)*$/;
// Express "trust proxy": a boolean, a hop count, or addresses/CIDRs/names such as loopback.
const TRUST_PROXY = /^(true|false|\d+|[A-Za-z0-9.:/]+(\s*,\s*[A-Za-z0-9.:/]+)*)$/;

/**
 * The process environment as the server accepts it. Names and defaults follow the product's
 * documented variables; every field is validated once at start-up (see validateEnvironment).
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVIRONMENTS, { message: `must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  NODE_ENV: NodeEnvironment = 'development';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  PORT = 3000;

  @IsString()
  @MinLength(1, { message: 'must be an IP address or host name to listen on, e.g. 0.0.0.0' })
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a kubeconfig file, or unset' })
  KUBECONFIG?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must name a context of the kubeconfig, or be unset' })
  K8S_CONTEXT?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  K8S_IN_CLUSTER = false;

  @Matches(DNS_LABEL, {
    message: 'must be a valid namespace name (lower-case letters, digits and "-"), e.g. default',
  })
  @MaxLength(63, { message: 'must be at most 63 characters long' })
  K8S_NAMESPACE = 'default';

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  K8S_EXEC_ENABLED = false;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of characters between 1000 and 10000000' })
  @Min(1000, { message: 'must be a whole number of characters between 1000 and 10000000' })
  @Max(10_000_000, { message: 'must be a whole number of characters between 1000 and 10000000' })
  MCP_MAX_OUTPUT_CHARS = 40_000;

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  AUTH_ENABLED = true;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'must be a duration such as 3600, 90s, 15m, 24h or 7d' })
  JWT_EXPIRES_IN = '24h';

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  ALLOW_INSECURE_PRODUCTION = false;

  // --- Identity and access (libs/auth) ---
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a YAML or JSON users file, or unset' })
  AUTH_USERS_FILE?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a YAML or JSON policy file, or unset' })
  AUTH_POLICY_FILE?: string;

  @Matches(/^\S+$/, {
    message: 'must name the issuer written into login tokens (no spaces), e.g. mcp-kubernetes',
  })
  JWT_ISSUER = 'mcp-kubernetes';

  @Matches(/^\S+$/, {
    message: 'must name the audience written into login tokens (no spaces), e.g. mcp-kubernetes',
  })
  JWT_AUDIENCE = 'mcp-kubernetes';

  @IsOptional()
  @Matches(HTTP_URL, {
    message:
      'must be the http(s) URL of an OpenID Connect issuer, e.g. https://login.example.com/realms/ops',
  })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the audience (client id) OIDC tokens are issued for' })
  OIDC_AUDIENCE?: string;

  @Matches(CLAIM_NAME, { message: 'must be a claim name such as groups or realm_access.roles' })
  OIDC_ROLES_CLAIM = 'groups';

  @Matches(CLAIM_NAME, { message: 'must be a claim name such as sub, email or preferred_username' })
  OIDC_USERNAME_CLAIM = 'sub';

  @IsOptional()
  @Matches(GROUP_MAPPING, {
    message:
      'must be comma-separated group=value|value entries, e.g. ops=admin,devs=operator|viewer',
  })
  AUTH_GROUP_ROLES?: string;

  @IsOptional()
  @Matches(GROUP_MAPPING, {
    message: 'must be comma-separated group=value|value entries, e.g. devs=team-a|team-b,ops=*',
  })
  AUTH_GROUP_NAMESPACES?: string;

  @IsOptional()
  @Matches(HEADER_NAME, { message: 'must be an HTTP header name, e.g. X-Forwarded-User' })
  AUTH_PROXY_USER_HEADER?: string;

  @IsOptional()
  @Matches(HEADER_NAME, { message: 'must be an HTTP header name, e.g. X-Forwarded-Groups' })
  AUTH_PROXY_GROUPS_HEADER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a comma-separated list of proxy IP addresses or CIDR ranges' })
  AUTH_PROXY_TRUSTED_IPS?: string;

  @IsOptional()
  @Matches(HTTP_URL, {
    message: 'must be the external base URL of this server, e.g. https://mcp.example.com',
  })
  PUBLIC_URL?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  K8S_IMPERSONATE = false;

  @Matches(DURATION, { message: 'must be a duration such as 60, 90s, 15m or 1h' })
  RATE_LIMIT_WINDOW = '1m';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of requests per window (0 turns the limit off)' })
  @Min(0, { message: 'must be a whole number of requests per window (0 turns the limit off)' })
  RATE_LIMIT_MAX = 300;

  @Matches(DURATION, { message: 'must be a duration such as 60, 90s, 15m or 1h' })
  LOGIN_RATE_LIMIT_WINDOW = '15m';

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of login attempts per window (0 turns the limit off)' })
  @Min(0, {
    message: 'must be a whole number of login attempts per window (0 turns the limit off)',
  })
  LOGIN_RATE_LIMIT_MAX = 10;

  @IsOptional()
  @IsString()
  @MinLength(1, {
    message:
      'must be a comma-separated list of allowed browser origins, e.g. https://app.example.com',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a PEM certificate file, or unset' })
  TLS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a PEM private key file, or unset' })
  TLS_KEY_FILE?: string;

  @Matches(TRUST_PROXY, {
    message:
      'must be false, true, a hop count, or comma-separated proxy addresses/CIDRs (e.g. loopback,10.0.0.0/8)',
  })
  TRUST_PROXY = 'false';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'combined';

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be the path of a writable file, or unset' })
  LOG_FILE?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  LOG_CONSOLE = true;

  /** Checked in validateEnvironment without echoing the value: the URL may hold a password. */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  @IsOptional()
  @Transform(toInteger)
  @IsInt({
    message: 'must be a whole number between 1 and 65535, or unset to serve /metrics on PORT',
  })
  @Min(1, {
    message: 'must be a whole number between 1 and 65535, or unset to serve /metrics on PORT',
  })
  @Max(65535, {
    message: 'must be a whole number between 1 and 65535, or unset to serve /metrics on PORT',
  })
  METRICS_PORT?: number;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds between 0 and 600000, e.g. 20000' })
  @Min(0, { message: 'must be a whole number of milliseconds between 0 and 600000, e.g. 20000' })
  @Max(600000, {
    message: 'must be a whole number of milliseconds between 0 and 600000, e.g. 20000',
  })
  SHUTDOWN_TIMEOUT_MS = 20000;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds between 100 and 60000, e.g. 3000' })
  @Min(100, { message: 'must be a whole number of milliseconds between 100 and 60000, e.g. 3000' })
  @Max(60000, {
    message: 'must be a whole number of milliseconds between 100 and 60000, e.g. 3000',
  })
  HEALTH_CHECK_TIMEOUT_MS = 3000;

  /** Browser origins allowed to call /mcp (comma-separated, or *); requests without Origin always pass. */
  @IsOptional()
  @IsString()
  @Matches(/^\s*(\*|https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*)\s*$/, {
    message:
      'must be * or comma-separated origins such as https://app.example.com,http://localhost:5173',
  })
  MCP_ALLOWED_ORIGINS?: string;

  /**
   * Host names /mcp answers to (comma-separated, or *). Unset: any host, except that a server
   * bound to a loopback address answers only to loopback names (DNS-rebinding protection).
   */
  @IsOptional()
  @IsString()
  @Matches(/^\s*(\*|[a-z0-9.-]+|\[[0-9a-f:.]+\])(\s*,\s*([a-z0-9.-]+|\[[0-9a-f:.]+\]))*\s*$/i, {
    message:
      'must be * or comma-separated host names without scheme or port, such as mcp.example.com,localhost',
  })
  MCP_ALLOWED_HOSTS?: string;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of bytes between 1024 and 104857600, e.g. 4194304' })
  @Min(1024, {
    message: 'must be a whole number of bytes between 1024 and 104857600, e.g. 4194304',
  })
  @Max(104857600, {
    message: 'must be a whole number of bytes between 1024 and 104857600, e.g. 4194304',
  })
  MCP_MAX_BODY_BYTES = 4194304;

  @Transform(toInteger)
  @IsInt({
    message: 'must be a whole number of milliseconds between 1000 and 86400000, e.g. 1800000',
  })
  @Min(1000, {
    message: 'must be a whole number of milliseconds between 1000 and 86400000, e.g. 1800000',
  })
  @Max(86400000, {
    message: 'must be a whole number of milliseconds between 1000 and 86400000, e.g. 1800000',
  })
  MCP_SESSION_IDLE_TIMEOUT_MS = 1800000;

  @Transform(toInteger)
  @IsInt({
    message: 'must be a whole number of milliseconds between 0 (off) and 300000, e.g. 15000',
  })
  @Min(0, {
    message: 'must be a whole number of milliseconds between 0 (off) and 300000, e.g. 15000',
  })
  @Max(300000, {
    message: 'must be a whole number of milliseconds between 0 (off) and 300000, e.g. 15000',
  })
  MCP_SSE_KEEPALIVE_MS = 15000;
}

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
  'AUTH_ENABLED',
  'JWT_SECRET',
  'JWT_EXPIRES_IN',
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
];
