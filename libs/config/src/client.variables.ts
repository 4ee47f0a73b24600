import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';

import { RuntimeVariables } from './runtime.variables.js';
import { BOOLEAN_MESSAGE, toBoolean, toInteger } from './variable-formats.js';

const FOLLOW_MESSAGE = 'must be a whole number of seconds between 1 and 3600, e.g. 300';

/** The web console, the clients that do not speak MCP over HTTP, and log following. */
export class ClientVariables extends RuntimeVariables {
  /** Serve the web console at /console (a static page; everything it shows needs a token). */
  @Transform(toBoolean)
  @IsBoolean({ message: BOOLEAN_MESSAGE })
  CONSOLE_ENABLED = true;

  /**
   * Roles of the local user in stdio mode (`--stdio`). Read-only by default: the kubeconfig's
   * own rights still apply, this keeps a model from writing until the user opts in.
   */
  @IsString()
  @Matches(/^\s*[A-Za-z0-9_.:-]+(\s*,\s*[A-Za-z0-9_.:-]+)*\s*$/, {
    message: 'must be comma-separated role names such as viewer or operator,viewer',
  })
  MCP_STDIO_ROLES = 'viewer';

  /** Longest time kubectl_logs may follow a container (`follow: true`, `durationSeconds`). */
  @Transform(toInteger)
  @IsInt({ message: FOLLOW_MESSAGE })
  @Min(1, { message: FOLLOW_MESSAGE })
  @Max(3600, { message: FOLLOW_MESSAGE })
  K8S_LOGS_FOLLOW_MAX_SECONDS = 300;
}
