import type { Tool } from '@modelcontextprotocol/server';

import type { McpToolHandler } from '../registry/mcp-tool.js';
import { toJsonSchema } from './zod-json-schema.js';

/** A tool as `tools/list` shows it to clients (and as docs/tools.md documents it). */
export function describeTool(tool: McpToolHandler): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: toJsonSchema(tool.inputSchema, 'input') as Tool['inputSchema'],
    ...(tool.outputSchema
      ? { outputSchema: toJsonSchema(tool.outputSchema, 'output') as Tool['outputSchema'] }
      : {}),
    annotations: { title: tool.title, ...tool.annotations },
  };
}
