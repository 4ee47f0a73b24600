import { AppConfig, ConfigModule } from '#config';
import { MetricsService, ObservabilityModule } from '#observability';
import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { z } from 'zod';

import { McpModule } from '../mcp.module.js';
import { AccessDeniedError } from '../registry/access-denied.error.js';
import { ANONYMOUS_ADMIN } from '../registry/caller.js';
import {
  McpTool,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '../registry/mcp-tool.js';
import {
  TOOL_CALL_AUDIT,
  type ToolCallAudit,
  type ToolCallRecord,
} from '../registry/tool-call-audit.js';
import { ToolInvoker } from './tool-invoker.service.js';

const input = z.object({ namespace: z.string() });

/** Refuses like a Kubernetes tool refusing a namespace: after reporting what it was asked for. */
@McpTool()
class NamespaceTool implements McpToolHandler<typeof input> {
  readonly name = 'namespace_tool';
  readonly title = 'Namespace tool';
  readonly description = 'Refuses every namespace but team-a.';
  readonly inputSchema = input;
  readonly annotations = { readOnlyHint: true };
  async call(args: z.infer<typeof input>, ctx: ToolCallContext): Promise<ToolResult> {
    ctx.reportTarget({ kind: 'ConfigMap', namespace: args.namespace, name: 'settings' });
    if (args.namespace !== 'team-a')
      throw new AccessDeniedError(`Access to namespace "${args.namespace}" is not allowed`);
    return { content: [{ type: 'text', text: 'ok' }] };
  }
}

const records: ToolCallRecord[] = [];
const audit: ToolCallAudit = { record: (entry) => records.push(entry) };

@Global()
@Module({
  providers: [NamespaceTool, { provide: TOOL_CALL_AUDIT, useValue: audit }],
  exports: [TOOL_CALL_AUDIT],
})
class ToolAndAuditModule {}

describe('ToolInvoker and refusals raised by tools', () => {
  let moduleRef: TestingModule;
  let sut: ToolInvoker;
  let metrics: MetricsService;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    records.length = 0;
    const config = AppConfig.fromEnvironment({ NODE_ENV: 'test', AUTH_ENABLED: 'false' });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), ObservabilityModule, ToolAndAuditModule, McpModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(ToolInvoker);
    metrics = moduleRef.get(MetricsService);
  });
  afterEach(() => moduleRef.close());

  it('records an AccessDeniedError as denied in metrics and audit, with the reported target', async () => {
    const result = await sut.call(ANONYMOUS_ADMIN, 'namespace_tool', { namespace: 'prod' }, signal);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Access to namespace "prod" is not allowed' }],
      isError: true,
    });
    expect((await metrics.exposition()).body).toMatch(
      /^mcp_tool_calls_total\{tool="namespace_tool",outcome="denied"\} 1$/m,
    );
    expect(records).toEqual([
      expect.objectContaining({
        tool: 'namespace_tool',
        outcome: 'denied',
        reason: 'Access to namespace "prod" is not allowed',
        target: { kind: 'ConfigMap', namespace: 'prod', name: 'settings' },
      }),
    ]);
  });

  it('passes the target a successful tool reported, and never the raw arguments', async () => {
    await sut.call(ANONYMOUS_ADMIN, 'namespace_tool', { namespace: 'team-a' }, signal);
    expect(records).toEqual([
      expect.objectContaining({
        outcome: 'success',
        target: { kind: 'ConfigMap', namespace: 'team-a', name: 'settings' },
      }),
    ]);
    expect(records[0]).not.toHaveProperty('arguments');
  });
});
