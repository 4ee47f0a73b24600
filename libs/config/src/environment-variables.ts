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
  AUTH_ENABLED = true;

  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'must be a duration such as 3600, 90s, 15m, 24h or 7d' })
  JWT_EXPIRES_IN = '24h';

  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  ALLOW_INSECURE_PRODUCTION = false;

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
  'AUTH_ENABLED',
  'JWT_SECRET',
  'JWT_EXPIRES_IN',
  'ALLOW_INSECURE_PRODUCTION',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'LOG_FILE',
  'LOG_CONSOLE',
];
