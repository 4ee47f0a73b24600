import { IsString, Matches } from 'class-validator';

import { RuntimeVariables } from './runtime.variables.js';

/** Settings of clients other than MCP over HTTP. */
export class ClientVariables extends RuntimeVariables {
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
