import { z } from 'zod';

import type { McpToolHandler, ToolAnnotations } from '../registry/mcp-tool.js';
import { describeTool, titlePlacementFor } from './tool-descriptor.js';

function tool(name: string, annotations: ToolAnnotations): McpToolHandler {
  return {
    name,
    title: `Title of ${name}`,
    description: 'Does one thing. Example: {}.',
    inputSchema: z.object({}),
    annotations,
    call: () => Promise.resolve({ content: [] }),
  };
}

describe('describeTool', () => {
  it('sends a read-only tool only readOnlyHint (the write hints mean nothing for it)', () => {
    const sut = describeTool(
      tool('reader', {
        title: 'ignored here',
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      }),
    );
    expect(sut.annotations).toEqual({ readOnlyHint: true });
    expect(sut.title).toBe('Title of reader');
  });

  it('states every write hint of a writer, with MCP defaults for those it leaves out', () => {
    expect(describeTool(tool('writer', { readOnlyHint: false })).annotations).toEqual({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
    expect(
      describeTool(tool('applier', { destructiveHint: false, idempotentHint: true })).annotations,
    ).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
  });

  it('says openWorldHint only when it differs from the default (true)', () => {
    expect(
      describeTool(tool('local', { readOnlyHint: true, openWorldHint: false })).annotations,
    ).toEqual({ readOnlyHint: true, openWorldHint: false });
  });

  it('puts the title inside the annotations, and only there, for 2025-03-26 clients', () => {
    const sut = describeTool(tool('legacy', { readOnlyHint: true }), 'annotations');
    expect(sut).not.toHaveProperty('title');
    expect(sut.annotations).toEqual({ title: 'Title of legacy', readOnlyHint: true });
  });

  it('keeps one descriptor per placement', () => {
    const handler = tool('both', { readOnlyHint: true });
    expect(describeTool(handler)).toBe(describeTool(handler, 'top-level'));
    expect(describeTool(handler, 'annotations')).not.toBe(describeTool(handler));
  });
});

describe('titlePlacementFor', () => {
  it.each([
    ['2024-11-05', 'annotations'],
    ['2025-03-26', 'annotations'],
    ['2025-06-18', 'top-level'],
    ['2025-11-25', 'top-level'],
    ['2026-07-28', 'top-level'],
    [undefined, 'top-level'],
  ])('%s: %s', (version, placement) => {
    expect(titlePlacementFor(version)).toBe(placement);
  });
});
