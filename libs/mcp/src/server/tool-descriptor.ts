import type { Tool } from '@modelcontextprotocol/server';

import type { McpToolHandler, ToolAnnotations } from '../registry/mcp-tool.js';
import { toJsonSchema } from './zod-json-schema.js';

/**
 * Where a client looks for a tool's display title. Protocol 2025-06-18 added `Tool.title`;
 * 2025-03-26 clients (older Dify, for one) only read `annotations.title`. Sending both would
 * repeat every title in a catalogue the model reads on every turn.
 */
export type TitlePlacement = 'top-level' | 'annotations';

const TITLE_IN_ANNOTATIONS = new Set(['2024-11-05', '2025-03-26']);

/** The placement for a negotiated protocol version; unknown versions get the current one. */
export function titlePlacementFor(protocolVersion: string | undefined): TitlePlacement {
  return protocolVersion !== undefined && TITLE_IN_ANNOTATIONS.has(protocolVersion)
    ? 'annotations'
    : 'top-level';
}

// Tools are fixed at start-up; their descriptions are built once, not on every tools/list.
const described: Record<TitlePlacement, WeakMap<McpToolHandler, Tool>> = {
  'top-level': new WeakMap(),
  annotations: new WeakMap(),
};

/** A tool as `tools/list` shows it to clients (and as docs/tools.md documents it). */
export function describeTool(
  tool: McpToolHandler,
  titlePlacement: TitlePlacement = 'top-level',
): Tool {
  const cache = described[titlePlacement];
  const cached = cache.get(tool);
  if (cached) return cached;
  const hints = wireHints(tool.annotations);
  const descriptor: Tool = {
    name: tool.name,
    ...(titlePlacement === 'top-level' ? { title: tool.title } : {}),
    description: tool.description,
    inputSchema: toJsonSchema(tool.inputSchema, 'input') as Tool['inputSchema'],
    ...(tool.outputSchema
      ? { outputSchema: toJsonSchema(tool.outputSchema, 'output') as Tool['outputSchema'] }
      : {}),
    annotations: titlePlacement === 'annotations' ? { title: tool.title, ...hints } : hints,
  };
  cache.set(tool, descriptor);
  return descriptor;
}

/**
 * The hints a client cannot infer. MCP defines `openWorldHint` as true unless stated, and
 * `destructiveHint` and `idempotentHint` as meaningful only when `readOnlyHint` is false, so a
 * read-only tool says just `readOnlyHint: true`. A tool that writes states all three write
 * hints, whatever their values: they are what a client shows before it lets a call through.
 */
function wireHints(annotations: ToolAnnotations): Omit<ToolAnnotations, 'title'> {
  const openWorld = annotations.openWorldHint === false ? { openWorldHint: false } : {};
  if (annotations.readOnlyHint === true) return { readOnlyHint: true, ...openWorld };
  return {
    readOnlyHint: false,
    destructiveHint: annotations.destructiveHint ?? true,
    idempotentHint: annotations.idempotentHint ?? false,
    ...openWorld,
  };
}
