import {
  SdkError,
  SdkErrorCode,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Logger } from '@nestjs/common';

import type { ConfirmationRequest } from '../registry/mcp-tool.js';
import type { AskPerson, ConfirmationAnswer } from './call-confirmation.js';

const logger = new Logger('McpConfirmation');
// The person may need a while to read a diff; the call's own signal still ends it earlier.
const ANSWER_TIMEOUT_MS = 10 * 60_000;
const MAX_MESSAGE_CHARS = 20_000;

/**
 * Asks for confirmation through MCP elicitation (a form with one yes/no field) when the client
 * declared the elicitation capability on this connection. Clients without it, and requests on
 * the 2026-07-28 revision (no server-to-client requests; this server does not yet answer with
 * input_required), get `unsupported`, and the caller's confirmation rules decide.
 */
export function elicitingAsker(server: Server, ctx: ServerContext): AskPerson {
  return async (request: ConfirmationRequest): Promise<ConfirmationAnswer> => {
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
    const message = [request.summary, request.details].filter(Boolean).join('\n\n');
    try {
      const answer = await ctx.mcpReq.elicitInput(
        {
          mode: 'form',
          message:
            message.length > MAX_MESSAGE_CHARS
              ? `${message.slice(0, MAX_MESSAGE_CHARS)}\n… [cut; review it with the tool's diff or dry run]`
              : message,
          requestedSchema: {
            type: 'object',
            properties: {
              confirm: {
                type: 'boolean',
                title: 'Go ahead',
                description: request.summary,
                default: false,
              },
            },
            required: ['confirm'],
          },
        },
        { signal: ctx.mcpReq.signal, timeout: ANSWER_TIMEOUT_MS },
      );
      if (answer.action === 'accept')
        return answer.content?.['confirm'] === true ? 'accept' : 'decline';
      return answer.action;
    } catch (error) {
      // Only "this connection cannot elicit" lets the policy decide; a failed or timed-out
      // question is an answer nobody gave, so the call does not run.
      if (
        error instanceof SdkError &&
        [
          SdkErrorCode.MethodNotSupportedByProtocolVersion,
          SdkErrorCode.CapabilityNotSupported,
        ].includes(error.code as SdkErrorCode)
      )
        return 'unsupported';
      logger.warn(`Confirmation not answered: ${(error as Error).message}`);
      return 'cancel';
    }
  };
}
