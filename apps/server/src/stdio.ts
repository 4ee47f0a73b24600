import { LocalUser } from '#auth';
import { AppConfig } from '#config';
import { McpStdioService } from '#mcp';
import { winstonOptions } from '#observability';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WinstonModule } from 'nest-winston';

import { StdioModule } from './stdio.module.js';

/**
 * `--stdio`: serve MCP on stdin/stdout for a local client such as Claude Desktop, against the
 * user's kubeconfig. Standard output carries only the protocol, so every log line goes to
 * standard error. The process ends when the client closes stdin or on SIGINT/SIGTERM.
 */
export async function runStdio(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(StdioModule.forRoot(config), {
    logger: WinstonModule.createLogger(winstonOptions(config.log, { stderr: true })),
  });
  const caller = app.get(LocalUser).caller();
  const connection = app.get(McpStdioService).serve(caller);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void connection
      .close()
      .finally(() => app.close())
      .finally(() => process.exit(0));
  };
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  new Logger('Stdio').log(
    `Serving MCP on stdio as "${caller.subject}" (roles: ${caller.roles.join(', ')}; ` +
      `set MCP_STDIO_ROLES to change them)`,
  );
}

/**
 * The stdio mode's configuration: the same variables as the server, except that the local
 * user is the only caller. Login and impersonation do not apply, and neither do the production
 * refusals about auth, which protect a network listener that stdio mode does not open.
 */
export function stdioEnvironment(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return {
    ...env,
    AUTH_ENABLED: 'false',
    K8S_IMPERSONATE: 'false',
    ALLOW_INSECURE_PRODUCTION: 'true',
  };
}
