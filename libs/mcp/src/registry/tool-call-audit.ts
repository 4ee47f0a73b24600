import type { Caller } from './caller.js';
import type { ToolTarget } from './mcp-tool.js';

/** One finished tools/call, as the audit log receives it. */
export interface ToolCallRecord {
  caller: Caller;
  tool: string;
  /** What the tool reported acting on; absent when it did not get that far. */
  target?: ToolTarget;
  /**
   * `denied`: the caller's capabilities refused the call (tool, namespace, Pod Security, ...);
   * `declined`: the person asked to confirm it said no or cancelled.
   */
  outcome: 'success' | 'denied' | 'declined' | 'error';
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
