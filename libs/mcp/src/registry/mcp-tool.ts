import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

import type { Caller } from './caller.js';

export const MCP_TOOL_METADATA = 'mcp:tool';

/** MCP tool annotations (hints for clients; the server enforces access itself). */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** What a call acts on, for the audit log: names only, never manifests or values. */
export interface ToolTarget {
  context?: string;
  kind?: string;
  /** `'*'` when the call spans every namespace the caller may use. */
  namespace?: string;
  name?: string;
}

export interface ToolCallContext {
  caller: Caller;
  /** Aborted when the client cancels the request or disconnects. */
  signal: AbortSignal;
  requestId?: string;
  /** Tells the audit log what the call acts on (the last report wins). */
  reportTarget(target: ToolTarget): void;
  /**
   * Sends interim output to the client while the call runs (progress or log notifications on
   * the request's own stream). Never throws; a client that cannot receive notifications still
   * gets everything in the result.
   */
  interim?: (text: string) => void;
}

export interface TextContent {
  type: 'text';
  text: string;
}

/** What a tool returns: compact text for the model, structured data for workflows. */
export interface ToolResult {
  content: TextContent[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** What a person sees before a call that destroys or replaces things runs. */
export interface ConfirmationRequest {
  /** One sentence: what will happen, e.g. `Delete 3 configmaps in namespace "shop": a, b, c`. */
  summary: string;
  /** The diff or the list of objects, when there is more to show. */
  details?: string;
}

/**
 * One MCP tool: schemas, annotations and handler in one class. Decorate it with @McpTool()
 * and provide it in any module; the MCP registry discovers it.
 */
export interface McpToolHandler<Input extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** Written for the model: what it does, when to use it, one example. */
  readonly description: string;
  readonly inputSchema: Input;
  readonly outputSchema?: z.ZodObject;
  readonly annotations: ToolAnnotations;
  /**
   * For calls that destroy or replace things (or always, when `policyAsks`): what to show a
   * person before the call runs. Undefined: nothing to confirm (a dry run, a harmless call).
   * It checks access like `call` does, so a preview never shows what the caller may not see.
   */
  confirmation?(
    input: z.infer<Input>,
    context: ToolCallContext,
    policyAsks: boolean,
  ): Promise<ConfirmationRequest | undefined>;
  call(input: z.infer<Input>, context: ToolCallContext): Promise<ToolResult>;
}

/** Marks a provider as an MCP tool for discovery. */
export function McpTool(): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(MCP_TOOL_METADATA, true));
}
