import type { Caller } from '../registry/caller.js';
import { unconfirmedCall } from '../registry/capability-checks.js';
import type { ConfirmationRequest, McpToolHandler } from '../registry/mcp-tool.js';
import { textHead } from '../text/text-head.js';

/** How the person behind the client answered, or `unsupported` when the client cannot ask. */
export type ConfirmationAnswer = 'accept' | 'decline' | 'cancel' | 'unsupported';

/** Asks the person behind the client (MCP elicitation); provided per request by the transport. */
export type AskPerson = (request: ConfirmationRequest) => Promise<ConfirmationAnswer>;

/**
 * The question is on its way and the answer comes with a later request (the 2026-07-28
 * `input_required` round trip): `result` is what tools/call answers now. Not a finished call,
 * so it is neither counted nor audited.
 */
export class ConfirmationPending extends Error {
  override name = 'ConfirmationPending';

  constructor(readonly result: unknown) {
    super('A confirmation is pending: the client retries the call with the answer');
  }
}

export type ConfirmationVerdict =
  { go: true } | { go: false; outcome: 'denied' | 'declined'; text: string };

/**
 * Decides whether a call that needs confirmation may run: the person's answer when the client
 * can ask (elicitation), otherwise the caller's confirmation rules (by default allowed for
 * admin and refused for everyone else, configurable per role and tool in the policy file).
 */
export async function settleConfirmation(
  caller: Caller,
  tool: McpToolHandler,
  request: ConfirmationRequest,
  ask: AskPerson | undefined,
): Promise<ConfirmationVerdict> {
  const answer = ask ? await ask(request) : 'unsupported';
  switch (answer) {
    case 'accept':
      return { go: true };
    case 'decline':
    case 'cancel':
      return {
        go: false,
        outcome: 'declined',
        text: `Not done: the confirmation was ${answer === 'decline' ? 'declined' : 'cancelled'}, so nothing was changed (${request.summary}).`,
      };
    case 'unsupported':
      if (unconfirmedCall(caller.capabilities.confirmation, tool.name) === 'allow')
        return { go: true };
      return {
        go: false,
        outcome: 'denied',
        text:
          `Not done: ${tool.name} needs a person's confirmation here (${request.summary}), and this client cannot ask for one ` +
          `(it does not support MCP elicitation). ${caller.subject}'s roles do not allow such calls unconfirmed: use a client ` +
          'that supports elicitation, or ask an administrator (policy file: confirm.withoutElicitation).',
      };
  }
}

/** The generic preview for tools the policy always asks about and that describe nothing more. */
export function genericConfirmation(toolName: string, input: unknown): ConfirmationRequest {
  const shown = JSON.stringify(input);
  return {
    summary: `Call ${toolName}`,
    details: shown.length > 2000 ? `${textHead(shown, 2000)}…` : shown,
  };
}
