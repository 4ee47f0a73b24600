import type { Caller, ToolCallAudit, ToolCallRecord, ToolTarget } from '#mcp';
import { currentRequestContext } from '#observability';
import { Injectable, Logger } from '@nestjs/common';
import { textHead } from '#mcp';

/**
 * `refused`: a login was refused; `denied`: a caller's capabilities refused a tool call;
 * `declined`: the person asked to confirm a tool call said no or cancelled.
 */
export type AuditOutcome = 'success' | 'refused' | 'denied' | 'declined' | 'error';

export interface LoginAuditEvent {
  user: string;
  roles?: string[];
  sourceIp?: string;
  outcome: AuditOutcome;
  /** Why a login was refused (never the password). */
  reason?: string;
  /** Date.now() when the attempt started. */
  started: number;
}

/** A change to a credential: sign-out, or an API token created or revoked (ids only, never tokens). */
export interface CredentialAuditEvent {
  action: 'logout' | 'api_token_created' | 'api_token_revoked';
  user: string;
  tokenId: string;
  sourceIp?: string;
}

/** Where a tool acted, as the tool reported it: only names, never manifests, values or tokens. */
export type AuditTarget = ToolTarget;

export interface ToolCallAuditEvent {
  caller: Caller;
  tool: string;
  target?: AuditTarget;
  sourceIp?: string;
  outcome: AuditOutcome;
  /** Short reason for a refusal or error. */
  reason?: string;
  started: number;
  /** Id of the API token the caller used, when it used one. */
  apiToken?: string;
}

const MAX_FIELD = 256;

/**
 * Writes one structured line per login, sign-out, API token change and tool call under the logger context "Audit":
 * time, request id, user, roles, source IP, tool, target, outcome and duration. It is given
 * names only, and trims every field, so secrets and manifests never reach the log.
 */
@Injectable()
export class AuditLogger implements ToolCallAudit {
  private readonly logger = new Logger('Audit');

  login(event: LoginAuditEvent): void {
    this.write({
      event: 'login',
      user: event.user,
      roles: event.roles,
      sourceIp: event.sourceIp,
      outcome: event.outcome,
      reason: event.reason,
      durationMs: Date.now() - event.started,
    });
  }

  credential(event: CredentialAuditEvent): void {
    this.write({
      event: event.action,
      user: event.user,
      tokenId: event.tokenId,
      sourceIp: event.sourceIp,
      outcome: 'success',
    });
  }

  toolCall(event: ToolCallAuditEvent): void {
    this.write({
      event: 'tool_call',
      user: event.caller.subject,
      roles: event.caller.roles,
      sourceIp: event.sourceIp,
      tool: event.tool,
      apiToken: event.apiToken,
      target: event.target,
      outcome: event.outcome,
      reason: event.reason?.split('\n')[0],
      durationMs: Date.now() - event.started,
    });
  }

  /** Called by the MCP layer for every tools/call (TOOL_CALL_AUDIT). */
  record(entry: ToolCallRecord): void {
    this.toolCall({
      caller: entry.caller,
      tool: entry.tool,
      target: entry.target,
      sourceIp: currentRequestContext()?.sourceIp,
      apiToken: currentRequestContext()?.apiToken,
      outcome: entry.outcome,
      reason: entry.reason,
      started: entry.started,
    });
  }

  private write(entry: Record<string, unknown>): void {
    const line = {
      message: `${String(entry.event)} ${String(entry.outcome)} user=${clip(entry.user)}${entry.tool ? ` tool=${clip(entry.tool)}` : ''}`,
      time: new Date().toISOString(),
      requestId: currentRequestContext()?.requestId,
      ...sanitise(entry),
    };
    if (entry.outcome === 'success') this.logger.log(line);
    else this.logger.warn(line);
  }
}

function clip(value: unknown): string {
  const text = String(value ?? '');
  // Control characters are replaced so a crafted user name cannot forge extra log lines.
  const clean = text.replace(/\p{Cc}/gu, '?');
  return clean.length > MAX_FIELD ? `${textHead(clean, MAX_FIELD)}…` : clean;
}

function sanitise(entry: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) result[key] = value.map(clip);
    else if (value && typeof value === 'object')
      result[key] = sanitise(value as Record<string, unknown>);
    else result[key] = typeof value === 'number' ? value : clip(value);
  }
  return result;
}
