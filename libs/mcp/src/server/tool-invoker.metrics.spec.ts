import { AppConfig, ConfigModule } from '#config';
import { MetricsService, ObservabilityModule } from '#observability';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { z } from 'zod';

import { McpModule } from '../mcp.module.js';
import { ANONYMOUS_ADMIN } from '../registry/caller.js';
import { McpTool, type McpToolHandler, type ToolResult } from '../registry/mcp-tool.js';
import { ToolInvoker } from './tool-invoker.service.js';

const input = z.object({ replicas: z.number().int() });

@McpTool()
class FailingTool implements McpToolHandler<typeof input> {
  readonly name = 'always_fails';
  readonly title = 'Always fails';
  readonly description = 'Throws on every call.';
  readonly inputSchema = input;
  readonly annotations = { readOnlyHint: true };
  async call(): Promise<ToolResult> {
    throw new Error('the cluster said no');
  }
}

@Module({ providers: [FailingTool] })
class FailingToolModule {}

describe('ToolInvoker metrics', () => {
  let moduleRef: TestingModule;
  let sut: ToolInvoker;
  let metrics: MetricsService;
  const signal = new AbortController().signal;

  beforeEach(async () => {
    const config = AppConfig.fromEnvironment({ NODE_ENV: 'test', AUTH_ENABLED: 'false' });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), ObservabilityModule, FailingToolModule, McpModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(ToolInvoker);
    metrics = moduleRef.get(MetricsService);
  });
  afterEach(() => moduleRef.close());

  const count = async (tool: string, outcome: string): Promise<number | undefined> => {
    const line = (await metrics.exposition()).body.match(
      new RegExp(`^mcp_tool_calls_total\\{tool="${tool}",outcome="${outcome}"\\} (\\d+)$`, 'm'),
    );
    return line ? Number(line[1]) : undefined;
  };

  it('records success, invalid arguments and a thrown failure under the tool name', async () => {
    await sut.call(ANONYMOUS_ADMIN, 'server_ping', {}, signal);
    await sut.call(ANONYMOUS_ADMIN, 'server_ping', { message: 7 }, signal);
    await sut.call(ANONYMOUS_ADMIN, 'always_fails', { replicas: 'two' }, signal);
    const failed = await sut.call(ANONYMOUS_ADMIN, 'always_fails', { replicas: 2 }, signal);
    expect(failed.isError).toBe(true);
    expect(await count('server_ping', 'success')).toBe(1);
    expect(await count('server_ping', 'invalid')).toBe(1);
    expect(await count('always_fails', 'invalid')).toBe(1);
    expect(await count('always_fails', 'error')).toBe(1);
    expect((await metrics.exposition()).body).toMatch(
      /^mcp_tool_call_duration_seconds_count\{tool="always_fails",outcome="error"\} 1$/m,
    );
  });

  it('records an unknown tool as invalid under one shared label, not the name the client sent', async () => {
    await expect(sut.call(ANONYMOUS_ADMIN, 'secret-token-abc123', {}, signal)).rejects.toThrow(
      /Unknown tool/,
    );
    expect(await count('unknown', 'invalid')).toBe(1);
    expect((await metrics.exposition()).body).not.toContain('secret-token-abc123');
  });
});
