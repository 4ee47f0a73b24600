import type { ServerContext } from '@modelcontextprotocol/server';
import { Logger } from '@nestjs/common';

const logger = new Logger('McpInterimOutput');

type ProgressToken = string | number;

/**
 * How a running tool's interim output reaches the client: progress notifications when the
 * request carries a progressToken (SDK clients' `onprogress`), otherwise log notifications
 * (notifications/message, logger = the tool's name, level info). Both are sent as related to
 * the request, so they travel on its own SSE response (or stdio) and arrive before the result.
 */
export function interimReporter(
  ctx: ServerContext,
  tool: string,
  progressToken: ProgressToken | undefined,
): (text: string) => void {
  let progress = 0;
  return (text) => {
    progress += 1;
    const sent =
      progressToken === undefined
        ? ctx.mcpReq.log('info', text, tool)
        : ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken, progress, message: text },
          });
    sent.catch((error: unknown) =>
      logger.debug(`Cannot send interim output of ${tool}: ${(error as Error).message}`),
    );
  };
}
