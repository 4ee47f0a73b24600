import type { LogFormat, LogLevel, NodeEnvironment } from './environment-variables.js';
import { EnvironmentVariables } from './environment-variables.js';
import { Secret } from './secret.js';
import { validateEnvironment } from './validate-environment.js';

export interface ServerSettings {
  environment: NodeEnvironment;
  port: number;
  host: string;
}

export interface KubernetesSettings {
  /** Explicit kubeconfig path(s); when unset the client's default lookup applies. */
  kubeconfigPath?: string;
  /** Context to use instead of the kubeconfig's current-context. */
  context?: string;
  inCluster: boolean;
  defaultNamespace: string;
}

export interface AuthSettings {
  enabled: boolean;
  jwtSecret?: Secret;
  jwtExpiresIn: string;
}

export interface LogSettings {
  level: LogLevel;
  format: LogFormat;
  file?: string;
  console: boolean;
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
  ) {}

  static fromEnvironment(raw: Record<string, string | undefined>): AppConfig {
    return AppConfig.fromVariables(validateEnvironment(raw));
  }

  static fromVariables(env: EnvironmentVariables): AppConfig {
    return new AppConfig(
      { environment: env.NODE_ENV, port: env.PORT, host: env.HOST },
      {
        kubeconfigPath: env.KUBECONFIG,
        context: env.K8S_CONTEXT,
        inCluster: env.K8S_IN_CLUSTER,
        defaultNamespace: env.K8S_NAMESPACE,
      },
      {
        enabled: env.AUTH_ENABLED,
        jwtSecret: env.JWT_SECRET ? new Secret(env.JWT_SECRET) : undefined,
        jwtExpiresIn: env.JWT_EXPIRES_IN,
      },
      {
        level: env.LOG_LEVEL,
        format: env.LOG_FORMAT,
        file: env.LOG_FILE,
        console: env.LOG_CONSOLE,
      },
    );
  }
}
