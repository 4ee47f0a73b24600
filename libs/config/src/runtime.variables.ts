import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

import {
  BOOLEAN_MESSAGE,
  LOG_FORMATS,
  LOG_LEVELS,
  toBoolean,
  toInteger,
  type LogFormat,
  type LogLevel,
} from './variable-formats.js';
import { AuthVariables } from './auth.variables.js';

/** Logging, several replicas, metrics, shutdown and the MCP transports. */
export class RuntimeVariables extends AuthVariables {
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

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number between 0 (no limit) and 100000, e.g. 50' })
  @Min(0, { message: 'must be a whole number between 0 (no limit) and 100000, e.g. 50' })
  @Max(100000, { message: 'must be a whole number between 0 (no limit) and 100000, e.g. 50' })
  MCP_MAX_SESSIONS_PER_USER = 50;
}
