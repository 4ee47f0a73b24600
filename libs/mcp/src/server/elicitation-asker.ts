import {
  inputRequired,
  inputResponse,
  SdkError,
  SdkErrorCode,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { Logger } from '@nestjs/common';

import type { ConfirmationRequest } from '../registry/mcp-tool.js';
import {
  ConfirmationPending,
  type AskPerson,
  type ConfirmationAnswer,
} from './call-confirmation.js';
import { textHead } from '../text/text-head.js';

const logger = new Logger('McpConfirmation');
// The person may need a while to read a diff; the call's own signal still ends it earlier.
const ANSWER_TIMEOUT_MS = 10 * 60_000;
const MAX_MESSAGE_CHARS = 20_000;
// The key of the confirmation in a 2026-07-28 multi-round-trip request.
const CONFIRM_KEY = 'confirm';

/**
 * Asks for confirmation through MCP elicitation (a form with one yes/no field) when the client
 * declared the elicitation capability: pushed as elicitation/create on 2025-era connections,
 * as an `input_required` round trip on 2026-07-28. Clients without the capability (and the
 * 2024-11-05 SSE transport) get `unsupported`, and the caller's confirmation rules decide.
 */
export function elicitingAsker(server: Server, ctx: ServerContext): AskPerson {
  return async (request: ConfirmationRequest): Promise<ConfirmationAnswer> => {
    const retried = inputResponse(ctx.mcpReq.inputResponses, CONFIRM_KEY);
    if (retried.kind === 'elicit') return answerOf(retried.action, retried.content);
    if (!server.getClientCapabilities()?.elicitation) return 'unsupported';
    const params = formFor(request);
    try {
      const answer = await ctx.mcpReq.elicitInput(params, {
        signal: ctx.mcpReq.signal,
        timeout: ANSWER_TIMEOUT_MS,
      });
      return answerOf(answer.action, answer.content);
    } catch (error) {
      if (isSdkError(error, SdkErrorCode.MethodNotSupportedByProtocolVersion))
        // 2026-07-28 has no server-to-client requests: answer input_required, and the client
        // retries the call with the person's answer in inputResponses.
        throw new ConfirmationPending(
          inputRequired({ inputRequests: { [CONFIRM_KEY]: inputRequired.elicit(params) } }),
        );
      // Only "this connection cannot elicit" lets the policy decide; a failed or timed-out
      // question is an answer nobody gave, so the call does not run.
      if (isSdkError(error, SdkErrorCode.CapabilityNotSupported)) return 'unsupported';
      logger.warn(`Confirmation not answered: ${(error as Error).message}`);
      return 'cancel';
    }
  };
}

function formFor(request: ConfirmationRequest) {
  const message = [request.summary, request.details].filter(Boolean).join('\n\n');
  return {
    mode: 'form' as const,
    message:
      message.length > MAX_MESSAGE_CHARS
        ? `${textHead(message, MAX_MESSAGE_CHARS)}\n… [cut; review it with the tool's diff or dry run]`
        : message,
    requestedSchema: {
      type: 'object' as const,
      properties: {
        confirm: {
          type: 'boolean' as const,
          title: 'Go ahead',
          description: request.summary,
          default: false,
        },
      },
      required: ['confirm'],
    },
  };
}

function answerOf(
  action: 'accept' | 'decline' | 'cancel',
  content: Record<string, unknown> | undefined,
): ConfirmationAnswer {
  if (action === 'accept') return content?.['confirm'] === true ? 'accept' : 'decline';
  return action;
}

function isSdkError(error: unknown, code: SdkErrorCode): boolean {
  return error instanceof SdkError && error.code === code;
}
