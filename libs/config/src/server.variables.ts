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

import {
  BOOLEAN_MESSAGE,
  DNS_LABEL,
  NODE_ENVIRONMENTS,
  toBoolean,
  toInteger,
  type NodeEnvironment,
} from './variable-formats.js';

/** Where the server listens and which cluster it manages. */
export class ServerVariables {
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

  // Slow clients: a connection must send its headers, and then its whole request, within
  // these limits or it is closed. Streams the server sends (SSE) are not limited by them.
  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds between 1000 and 300000, e.g. 10000' })
  @Min(1000, {
    message: 'must be a whole number of milliseconds between 1000 and 300000, e.g. 10000',
  })
  @Max(300000, {
    message: 'must be a whole number of milliseconds between 1000 and 300000, e.g. 10000',
  })
  HTTP_HEADERS_TIMEOUT_MS = 10000;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds between 1000 and 3600000, e.g. 30000' })
  @Min(1000, {
    message: 'must be a whole number of milliseconds between 1000 and 3600000, e.g. 30000',
  })
  @Max(3600000, {
    message: 'must be a whole number of milliseconds between 1000 and 3600000, e.g. 30000',
  })
  HTTP_REQUEST_TIMEOUT_MS = 30000;

  @Transform(toInteger)
  @IsInt({ message: 'must be a whole number of milliseconds between 1000 and 600000, e.g. 5000' })
  @Min(1000, {
    message: 'must be a whole number of milliseconds between 1000 and 600000, e.g. 5000',
  })
  @Max(600000, {
    message: 'must be a whole number of milliseconds between 1000 and 600000, e.g. 5000',
  })
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 5000;
}
