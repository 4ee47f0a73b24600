import { Transform } from 'class-transformer';
import { IsBoolean, IsString, Matches } from 'class-validator';

import { RuntimeVariables } from './runtime.variables.js';
import { BOOLEAN_MESSAGE, toBoolean } from './variable-formats.js';

/** The web console and the clients that do not speak MCP over HTTP. */
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
}
