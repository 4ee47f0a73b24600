import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { AppConfig } from '#config';
import { MetricsService, type ToolCallOutcome } from '#observability';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import { AccessDeniedError } from '../registry/access-denied.error.js';
import type { Caller } from '../registry/caller.js';
import { McpRegistry } from '../registry/mcp-registry.service.js';
import type { McpToolHandler, ToolCallContext, ToolTarget } from '../registry/mcp-tool.js';
import {
  ALLOW_ALL_TOOLS,
  TOOL_ACCESS_POLICY,
  type ToolAccessPolicy,
} from '../registry/tool-access.policy.js';
import {
  TOOL_CALL_AUDIT,
  type ToolCallAudit,
  type ToolCallRecord,
} from '../registry/tool-call-audit.js';
import {
  ConfirmationPending,
  genericConfirmation,
  settleConfirmation,
  type AskPerson,
} from './call-confirmation.js';
import { describeTool, type TitlePlacement } from './tool-descriptor.js';
import { describeZodIssues } from './zod-json-schema.js';

const ACCESS_DENIED = 'Access denied:';
// Names of tools that do not exist come from the client: one shared label keeps the series bounded.
const UNKNOWN_TOOL_LABEL = 'unknown';

interface Invocation {
  result: CallToolResult;
  outcome: ToolCallOutcome;
}

const AUDIT_OUTCOME: Record<ToolCallOutcome, ToolCallRecord['outcome']> = {
  success: 'success',
  error: 'error',
  denied: 'denied',
  invalid: 'error',
  declined: 'declined',
};

/** Lists and calls registered tools for one caller, applying the access policy. */
@Injectable()
export class ToolInvoker {
  private readonly logger = new Logger(ToolInvoker.name);

  private readonly policy: ToolAccessPolicy;

  constructor(
    private readonly registry: McpRegistry,
    @Inject(AppConfig) config: AppConfig,
    @Optional() @Inject(TOOL_ACCESS_POLICY) policy?: ToolAccessPolicy,
    @Optional() @Inject(TOOL_CALL_AUDIT) private readonly audit?: ToolCallAudit,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.policy = policyFor(config.auth.enabled, policy);
  }

  list(caller: Caller, titlePlacement: TitlePlacement = 'top-level'): Tool[] {
    return this.registry
      .tools()
      .filter((tool) => this.policy.canCall(caller, tool))
      .map((tool) => describeTool(tool, titlePlacement));
  }

  async call(
    caller: Caller,
    name: string,
    rawArguments: unknown,
    signal: AbortSignal,
    requestId?: string,
    interim?: (text: string) => void,
    ask?: AskPerson,
  ): Promise<CallToolResult> {
    const started = Date.now();
    const startedAt = process.hrtime.bigint();
    const reported: { target?: ToolTarget } = {};
    const record = (outcome: ToolCallOutcome, reason?: string): void => {
      const known = this.registry.tool(name) !== undefined;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      this.metrics?.recordToolCall(known ? name : UNKNOWN_TOOL_LABEL, outcome, seconds);
      this.audit?.record({
        caller,
        tool: name,
        target: reported.target,
        outcome: AUDIT_OUTCOME[outcome],
        reason,
        started,
        requestId,
      });
    };
    try {
      const { result, outcome } = await this.invoke(
        caller,
        name,
        rawArguments,
        { signal, requestId, interim, reportTarget: (target) => (reported.target = target) },
        ask,
      );
      const first = result.content?.[0];
      record(outcome, result.isError && first?.type === 'text' ? first.text : undefined);
      return result;
    } catch (error) {
      if (error instanceof ConfirmationPending) throw error;
      const unknownTool = error instanceof ProtocolError && !this.registry.tool(name);
      record(
        unknownTool ? 'invalid' : 'error',
        error instanceof Error ? error.message : String(error),
      );
      throw error;
    }
  }

  private async invoke(
    caller: Caller,
    name: string,
    rawArguments: unknown,
    context: Omit<ToolCallContext, 'caller'>,
    ask?: AskPerson,
  ): Promise<Invocation> {
    const tool = this.registry.tool(name);
    if (!tool) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool "${name}". Call tools/list to see the tools available to you.`,
      );
    }
    if (!this.policy.canCall(caller, tool)) {
      return toolError(
        'denied',
        `${ACCESS_DENIED} "${caller.subject}" (roles: ${caller.roles.join(', ') || 'none'}) may not ` +
          `call tool "${name}". Ask an administrator for a role that allows it.`,
      );
    }
    const parsed = tool.inputSchema.safeParse(rawArguments ?? {});
    if (!parsed.success) {
      return toolError(
        'invalid',
        `Invalid arguments for tool "${name}": ${describeZodIssues(parsed.error)}`,
      );
    }
    try {
      const refused = await confirmFirst(tool, parsed.data, { ...context, caller }, ask);
      if (refused) return refused;
      const result = await tool.call(parsed.data, { ...context, caller });
      return { result: { ...result }, outcome: result.isError ? 'error' : 'success' };
    } catch (error) {
      if (error instanceof ConfirmationPending) throw error;
      if (error instanceof AccessDeniedError) return toolError('denied', error.message);
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Tool "${name}" failed for "${caller.subject}": ${message}`);
      return toolError('error', `Tool "${name}" failed: ${message}`);
    }
  }
}

/**
 * Allow-all is only right when authentication is off. With AUTH_ENABLED=true a missing policy
 * would hand every tool to every signed-in caller, so start-up fails instead.
 */
export function policyFor(
  authEnabled: boolean,
  provided: ToolAccessPolicy | undefined,
): ToolAccessPolicy {
  if (provided) return provided;
  if (authEnabled) {
    throw new Error(
      'AUTH_ENABLED=true but no tool access policy (TOOL_ACCESS_POLICY) is visible to the MCP ' +
        'module, so every caller could call every tool. Import AuthModule.forRoot(config) in the ' +
        'application module, or set AUTH_ENABLED=false.',
    );
  }
  return ALLOW_ALL_TOOLS;
}

/** Undefined when the call may run; otherwise the answer that says why it did not. */
async function confirmFirst(
  tool: McpToolHandler,
  input: unknown,
  context: ToolCallContext,
  ask: AskPerson | undefined,
): Promise<Invocation | undefined> {
  const policyAsks = context.caller.capabilities.confirmation.alwaysAsk.includes(tool.name);
  const request =
    (await tool.confirmation?.(input as never, context, policyAsks)) ??
    (policyAsks ? genericConfirmation(tool.name, input) : undefined);
  if (!request) return undefined;
  const verdict = await settleConfirmation(context.caller, tool, request, ask);
  return verdict.go ? undefined : toolError(verdict.outcome, verdict.text);
}

function toolError(outcome: ToolCallOutcome, text: string): Invocation {
  return { result: { content: [{ type: 'text', text }], isError: true }, outcome };
}
