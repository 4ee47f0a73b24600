import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { existsSync } from 'node:fs';

import { authEnvironmentProblems } from './auth-environment-checks.js';
import { ENVIRONMENT_VARIABLE_NAMES, EnvironmentVariables } from './environment-variables.js';

/** Values that ship in examples and must never protect a real deployment. */
export const EXAMPLE_JWT_SECRETS = ['your-secret-key', 'change-me', 'changeme', 'secret'];
export const MIN_JWT_SECRET_LENGTH = 32;

/** Thrown when the environment is invalid; the message lists every problem at once. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'ConfigurationError';
  }
}

/**
 * Validates the raw environment and returns it typed. Unset and empty variables take their
 * defaults; every invalid one is reported in a single ConfigurationError.
 */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const given = Object.fromEntries(
    ENVIRONMENT_VARIABLE_NAMES.filter((name) => raw[name] !== undefined && raw[name] !== '').map(
      (name) => [name, raw[name]],
    ),
  );
  const env = plainToInstance(EnvironmentVariables, given, { exposeDefaultValues: true });
  const problems = [...new Set(validateSync(env).flatMap((error) => describe(error, given)))];
  problems.push(...crossFieldProblems(env));
  if (problems.length > 0) throw new ConfigurationError(problems);
  return env;
}

function describe(error: ValidationError, given: Record<string, string | undefined>): string[] {
  const value = given[error.property];
  const shown = value === undefined ? 'unset' : `got "${value}"`;
  return Object.values(error.constraints ?? {}).map(
    (message) => `${error.property} ${message} (${shown})`,
  );
}

function crossFieldProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (env.KUBECONFIG && !env.K8S_IN_CLUSTER) {
    const missing = env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(
      (path) => path && !existsSync(path),
    );
    if (missing.length > 0) {
      problems.push(
        `KUBECONFIG names a file that does not exist (${missing.join(', ')}); fix the path or unset it`,
      );
    }
  }
  if (env.REDIS_URL && !isRedisUrl(env.REDIS_URL)) {
    // The value is not shown: a Redis URL may carry a password.
    problems.push(
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379/0 (value not shown), or unset',
    );
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT) {
    problems.push(
      `METRICS_PORT must differ from PORT (both ${env.PORT}); unset it to serve /metrics on PORT`,
    );
  }
  if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push(
      `HTTP_HEADERS_TIMEOUT_MS (${env.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${env.HTTP_REQUEST_TIMEOUT_MS}): the headers are part of the request`,
    );
  }
  problems.push(...authEnvironmentProblems(env));
  if (env.AUTH_ENABLED === true && !env.JWT_SECRET) {
    problems.push(
      'JWT_SECRET must be set when AUTH_ENABLED is true (generate one with: openssl rand -base64 48)',
    );
  }
  if (env.NODE_ENV === 'production' && !env.ALLOW_INSECURE_PRODUCTION) {
    if (env.AUTH_ENABLED === false) {
      problems.push(
        'AUTH_ENABLED=false is refused in production; enable auth, or set ALLOW_INSECURE_PRODUCTION=true to override',
      );
    }
    if (env.JWT_SECRET && EXAMPLE_JWT_SECRETS.includes(env.JWT_SECRET)) {
      problems.push(
        'JWT_SECRET is an example value and is refused in production (generate one with: openssl rand -base64 48)',
      );
    } else if (env.JWT_SECRET && env.JWT_SECRET.length < MIN_JWT_SECRET_LENGTH) {
      problems.push(
        `JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long in production (got ${env.JWT_SECRET.length})`,
      );
    }
  }
  return problems;
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}
