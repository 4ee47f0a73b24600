import type { Tool } from '@modelcontextprotocol/server';

import type { McpToolHandler } from '../registry/mcp-tool.js';
import { toJsonSchema } from './zod-json-schema.js';

// Tools are fixed at start-up; their descriptions are built once, not on every tools/list.
const described = new WeakMap<McpToolHandler, Tool>();

/**
 * A tool as `tools/list` shows it to clients (and as docs/tools.md documents it). The title is
 * also in the annotations, where protocol 2025-03-26 clients such as Dify look for it.
 */
export function describeTool(tool: McpToolHandler): Tool {
  const cached = described.get(tool);
  if (cached) return cached;
  const descriptor: Tool = {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toJsonSchema(tool.inputSchema, 'input') as Tool['inputSchema'],
    ...(tool.outputSchema
      ? { outputSchema: toJsonSchema(tool.outputSchema, 'output') as Tool['outputSchema'] }
      : {}),
    annotations: { title: tool.title, ...tool.annotations },
  };
  described.set(tool, descriptor);
  return descriptor;
}
