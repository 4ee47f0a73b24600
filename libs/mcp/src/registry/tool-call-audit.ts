import type { Caller } from './caller.js';

/** One finished tools/call, as the audit log receives it (arguments are reduced to names there). */
export interface ToolCallRecord {
  caller: Caller;
  tool: string;
  arguments: unknown;
  outcome: 'success' | 'refused' | 'error';
  /** Short reason for a refusal or failure. */
  reason?: string;
  /** Date.now() when the call started. */
  started: number;
  requestId?: string;
}

/** Receives every tools/call; the auth module provides the audit-log implementation. */
export interface ToolCallAudit {
  record(entry: ToolCallRecord): void;
}

export const TOOL_CALL_AUDIT = Symbol('TOOL_CALL_AUDIT');
