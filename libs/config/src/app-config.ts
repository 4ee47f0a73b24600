import type { LogFormat, LogLevel, NodeEnvironment } from './environment-variables.js';
import { EnvironmentVariables } from './environment-variables.js';
import { Secret } from './secret.js';
import { validateEnvironment } from './validate-environment.js';
import { durationToSeconds } from './variable-formats.js';

export { durationToSeconds };

export interface ServerSettings {
  environment: NodeEnvironment;
  port: number;
  host: string;
  /** Slow-client limits of the HTTP server; unset in hand-built configs: Node's defaults. */
  timeouts?: HttpTimeouts;
}

export interface HttpTimeouts {
  /** A client must send all request headers within this many milliseconds. */
  headersMs: number;
  /** ...and the whole request (headers and body) within this many. Responses are not limited. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this many. */
  keepAliveMs: number;
}

export interface KubernetesSettings {
  /** Explicit kubeconfig path(s); when unset the client's default lookup applies. */
  kubeconfigPath?: string;
  /** Context to use instead of the kubeconfig's current-context. */
  context?: string;
  inCluster: boolean;
  defaultNamespace: string;
  /** Whether kubectl_exec is offered at all (K8S_EXEC_ENABLED). */
  execEnabled: boolean;
  /** Tool output longer than this is cut, with a note on how to narrow the query. */
  maxOutputChars: number;
  /** Longest `durationSeconds` of kubectl_logs with `follow: true` (K8S_LOGS_FOLLOW_MAX_SECONDS). */
  logsFollowMaxSeconds: number;
}

export interface AuthSettings {
  enabled: boolean;
  jwtSecret?: Secret;
  jwtExpiresIn: string;
  /** Longest lifetime (exp - iat, seconds) a login token may have; longer ones are refused. */
  jwtMaxLifetimeSeconds: number;
  /** Longest lifetime (seconds) of a per-user API token (POST /auth/tokens). */
  apiTokenMaxLifetimeSeconds: number;
  /** `iss` and `aud` of the tokens POST /auth/login issues (and the only ones accepted for HS256). */
  jwtIssuer: string;
  jwtAudience: string;
  /** Local accounts (YAML or JSON); unset: POST /auth/login refuses every login. */
  usersFile?: string;
  /** Extra roles (tools by name or annotation, namespace limits); unset: built-in roles only. */
  policyFile?: string;
  oidc?: OidcSettings;
  proxy?: AuthProxySettings;
  /** Identity-provider group (OIDC claim value or proxy group) -> roles. */
  groupRoles: Record<string, string[]>;
  /** Identity-provider group -> namespaces; empty: groups are not limited by namespace. */
  groupNamespaces: Record<string, string[]>;
  /** Call the Kubernetes API as the end user (Impersonate-User / Impersonate-Group). */
  impersonate: boolean;
  rateLimit: RateLimitSettings;
  transport: TransportSettings;
}

export interface OidcSettings {
  issuerUrl: string;
  audience: string;
  /** Claim (dotted path allowed) whose values are mapped to roles and namespaces. */
  rolesClaim: string;
  usernameClaim: string;
}

export interface AuthProxySettings {
  userHeader: string;
  groupsHeader?: string;
  /** Proxy addresses or CIDR ranges; the headers are ignored from anywhere else. */
  trustedIps: string[];
}

export interface RateLimitSettings {
  /** Requests per window per user (or per client IP when anonymous); 0: no limit. */
  max: number;
  windowMs: number;
  /** Login attempts per window per client IP; 0: no limit. */
  loginMax: number;
  loginWindowMs: number;
}

export interface TransportSettings {
  /** Browser origins allowed by CORS; empty: no cross-origin browser access. */
  corsOrigins: string[];
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** Express "trust proxy" value. */
  trustProxy: boolean | number | string;
  /** External base URL, used in OAuth protected-resource metadata. */
  publicUrl?: string;
}

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
  file?: string;
  console: boolean;
}

export interface RuntimeSettings {
  /** Serve /metrics on this port instead of PORT (unset: on PORT). */
  metricsPort?: number;
  /** Longest wait for in-flight requests after SIGTERM before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Longest wait for each readiness dependency (Kubernetes API, Redis). */
  healthCheckTimeoutMs: number;
}

export interface McpTransportSettings {
  /** Origins allowed in addition to the server's own; `['*']` allows every origin. */
  allowedOrigins: string[];
  /** Host names accepted in the Host header; `[]` is the default rule, `['*']` any host. */
  allowedHosts: string[];
  maxBodyBytes: number;
  sessionIdleTimeoutMs: number;
  /** Interval of SSE keep-alive comments; 0 disables them. */
  sseKeepAliveMs: number;
  /** Open sessions and SSE streams one user may hold at once; 0: no limit. */
  maxSessionsPerUser: number;
}

export const DEFAULT_MCP_TRANSPORT_SETTINGS: McpTransportSettings = {
  allowedOrigins: [],
  allowedHosts: [],
  maxBodyBytes: 4194304,
  sessionIdleTimeoutMs: 1800000,
  sseKeepAliveMs: 15000,
  maxSessionsPerUser: 50,
};

export interface ClientSettings {
  /** Serve the static web console at /console. */
  consoleEnabled: boolean;
  /** Roles of the local user in stdio mode. */
  stdioRoles: string[];
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
  consoleEnabled: true,
  stdioRoles: ['viewer'],
};

export interface RedisSettings {
  /** Shared state for several replicas (rate limits, sessions); unset: in-process only. */
  url?: Secret;
}

/**
 * The server's configuration, validated and typed. Inject it anywhere; build it with
 * AppConfig.fromEnvironment (which throws a ConfigurationError listing every problem).
 */
export class AppConfig {
  constructor(
    readonly server: ServerSettings,
    readonly kubernetes: KubernetesSettings,
    readonly auth: AuthSettings,
    readonly log: LogSettings,
    readonly runtime: RuntimeSettings = { shutdownTimeoutMs: 20000, healthCheckTimeoutMs: 3000 },
    readonly redis: RedisSettings = {},
    readonly mcp: McpTransportSettings = DEFAULT_MCP_TRANSPORT_SETTINGS,
    readonly clients: ClientSettings = DEFAULT_CLIENT_SETTINGS,
  ) {}

  static fromEnvironment(raw: Record<string, string | undefined>): AppConfig {
    return AppConfig.fromVariables(validateEnvironment(raw));
  }

  static fromVariables(env: EnvironmentVariables): AppConfig {
    return new AppConfig(
      {
        environment: env.NODE_ENV,
        port: env.PORT,
        host: env.HOST,
        timeouts: {
          headersMs: env.HTTP_HEADERS_TIMEOUT_MS,
          requestMs: env.HTTP_REQUEST_TIMEOUT_MS,
          keepAliveMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        },
      },
      {
        kubeconfigPath: env.KUBECONFIG,
        context: env.K8S_CONTEXT,
        inCluster: env.K8S_IN_CLUSTER,
        defaultNamespace: env.K8S_NAMESPACE,
        execEnabled: env.K8S_EXEC_ENABLED,
        maxOutputChars: env.MCP_MAX_OUTPUT_CHARS,
        logsFollowMaxSeconds: env.K8S_LOGS_FOLLOW_MAX_SECONDS,
      },
      {
        enabled: env.AUTH_ENABLED,
        jwtSecret: env.JWT_SECRET ? new Secret(env.JWT_SECRET) : undefined,
        jwtExpiresIn: env.JWT_EXPIRES_IN,
        jwtMaxLifetimeSeconds: durationToSeconds(env.JWT_MAX_LIFETIME),
        apiTokenMaxLifetimeSeconds: durationToSeconds(env.AUTH_API_TOKEN_MAX_LIFETIME),
        jwtIssuer: env.JWT_ISSUER,
        jwtAudience: env.JWT_AUDIENCE,
        usersFile: env.AUTH_USERS_FILE,
        policyFile: env.AUTH_POLICY_FILE,
        oidc: env.OIDC_ISSUER_URL
          ? {
              issuerUrl: env.OIDC_ISSUER_URL,
              audience: env.OIDC_AUDIENCE ?? '',
              rolesClaim: env.OIDC_ROLES_CLAIM,
              usernameClaim: env.OIDC_USERNAME_CLAIM,
            }
          : undefined,
        proxy: env.AUTH_PROXY_USER_HEADER
          ? {
              userHeader: env.AUTH_PROXY_USER_HEADER.toLowerCase(),
              groupsHeader: env.AUTH_PROXY_GROUPS_HEADER?.toLowerCase(),
              trustedIps: splitList(env.AUTH_PROXY_TRUSTED_IPS),
            }
          : undefined,
        groupRoles: parseGroupMapping(env.AUTH_GROUP_ROLES),
        groupNamespaces: parseGroupMapping(env.AUTH_GROUP_NAMESPACES),
        impersonate: env.K8S_IMPERSONATE,
        rateLimit: {
          max: env.RATE_LIMIT_MAX,
          windowMs: durationToSeconds(env.RATE_LIMIT_WINDOW) * 1000,
          loginMax: env.LOGIN_RATE_LIMIT_MAX,
          loginWindowMs: durationToSeconds(env.LOGIN_RATE_LIMIT_WINDOW) * 1000,
        },
        transport: {
          corsOrigins: splitList(env.CORS_ORIGINS),
          tlsCertFile: env.TLS_CERT_FILE,
          tlsKeyFile: env.TLS_KEY_FILE,
          trustProxy: parseTrustProxy(env.TRUST_PROXY),
          publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
        },
      },
      {
        level: env.LOG_LEVEL,
        format: env.LOG_FORMAT,
        file: env.LOG_FILE,
        console: env.LOG_CONSOLE,
      },
      {
        metricsPort: env.METRICS_PORT,
        shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
        healthCheckTimeoutMs: env.HEALTH_CHECK_TIMEOUT_MS,
      },
      { url: env.REDIS_URL ? new Secret(env.REDIS_URL) : undefined },
      {
        allowedOrigins: splitList(env.MCP_ALLOWED_ORIGINS),
        allowedHosts: splitList(env.MCP_ALLOWED_HOSTS).map((host) => host.toLowerCase()),
        maxBodyBytes: env.MCP_MAX_BODY_BYTES,
        sessionIdleTimeoutMs: env.MCP_SESSION_IDLE_TIMEOUT_MS,
        sseKeepAliveMs: env.MCP_SSE_KEEPALIVE_MS,
        maxSessionsPerUser: env.MCP_MAX_SESSIONS_PER_USER,
      },
      { consoleEnabled: env.CONSOLE_ENABLED, stdioRoles: splitList(env.MCP_STDIO_ROLES) },
    );
  }
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** "ops=admin,devs=operator|viewer" -> { ops: ['admin'], devs: ['operator', 'viewer'] } */
export function parseGroupMapping(value: string | undefined): Record<string, string[]> {
  const mapping: Record<string, string[]> = {};
  for (const entry of splitList(value)) {
    const [group, values] = entry.split('=').map((part) => part.trim());
    mapping[group] = [...(mapping[group] ?? []), ...splitList(values.replaceAll('|', ','))];
  }
  return mapping;
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return splitList(value).join(',');
}
