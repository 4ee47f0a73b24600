import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

import type { Caller } from './caller.js';

export const MCP_PROMPT_METADATA = 'mcp:prompt';

export interface PromptMessage {
  role: 'user' | 'assistant';
  content: { type: 'text'; text: string };
}

export interface PromptResult {
  description?: string;
  messages: PromptMessage[];
}

export interface PromptContext {
  caller: Caller;
  signal: AbortSignal;
}

/**
 * One MCP prompt: name, arguments (a zod object of optional or required strings) and the
 * messages it renders. Decorate it with @McpPrompt() and provide it in any module.
 */
export interface McpPromptHandler<Args extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title?: string;
  readonly description: string;
  /** Each key is one prompt argument; `.describe()` texts become argument descriptions. */
  readonly argsSchema: Args;
  get(args: z.infer<Args>, context: PromptContext): Promise<PromptResult> | PromptResult;
}

/** Marks a provider as an MCP prompt for discovery. */
export function McpPrompt(): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(MCP_PROMPT_METADATA, true));
}
