import { AppConfig, ConfigModule } from '#config';
import { MetricsService, ObservabilityModule } from '#observability';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { z } from 'zod';

import { McpModule } from '../mcp.module.js';
import { ADMIN_CAPABILITIES, ANONYMOUS_ADMIN, type Caller } from '../registry/caller.js';
import {
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolResult,
} from '../registry/mcp-tool.js';
import type { AskPerson, ConfirmationAnswer } from './call-confirmation.js';
import { ToolInvoker } from './tool-invoker.service.js';

const input = z.object({ name: z.string(), dryRun: z.boolean().optional() });
const deleted: string[] = [];

@McpTool()
class DeleteThing implements McpToolHandler<typeof input> {
  readonly name = 'delete_thing';
  readonly title = 'Delete a thing';
  readonly description = 'Deletes one thing.';
  readonly inputSchema = input;
  readonly annotations = { readOnlyHint: false, destructiveHint: true };
  async confirmation(args: z.infer<typeof input>): Promise<ConfirmationRequest | undefined> {
    return args.dryRun ? undefined : { summary: `Delete thing "${args.name}"`, details: 'thing/x' };
  }
  async call(args: z.infer<typeof input>): Promise<ToolResult> {
    if (!args.dryRun) deleted.push(args.name);
    return { content: [{ type: 'text', text: `deleted ${args.name}` }] };
  }
}

@McpTool()
class Touch implements McpToolHandler<typeof input> {
  readonly name = 'touch_thing';
  readonly title = 'Touch a thing';
  readonly description = 'Harmless.';
  readonly inputSchema = input;
  readonly annotations = { readOnlyHint: false, destructiveHint: false };
  async call(): Promise<ToolResult> {
    return { content: [{ type: 'text', text: 'touched' }] };
  }
}

@Module({ providers: [DeleteThing, Touch] })
class ToolsModule {}

const operator: Caller = {
  subject: 'otto',
  roles: ['operator'],
  namespaces: ['*'],
  capabilities: {
    ...ADMIN_CAPABILITIES,
    confirmation: { alwaysAsk: ['touch_thing'], withoutElicitation: { '*': 'refuse' } },
  },
};

describe('ToolInvoker: confirmation of destructive calls', () => {
  let moduleRef: TestingModule;
  let sut: ToolInvoker;
  let metrics: MetricsService;
  const signal = new AbortController().signal;
  const asked: ConfirmationRequest[] = [];
  const answering =
    (answer: ConfirmationAnswer): AskPerson =>
    async (request) => {
      asked.push(request);
      return answer;
    };
  const call = (caller: Caller, name: string, args: unknown, ask?: AskPerson) =>
    sut.call(caller, name, args, signal, undefined, undefined, ask);

  beforeEach(async () => {
    deleted.length = 0;
    asked.length = 0;
    const config = AppConfig.fromEnvironment({ NODE_ENV: 'test', AUTH_ENABLED: 'false' });
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), ObservabilityModule, ToolsModule, McpModule],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(ToolInvoker);
    metrics = moduleRef.get(MetricsService);
  });
  afterEach(() => moduleRef.close());

  it('runs the call when the person accepts, after showing what will happen', async () => {
    const result = await call(ANONYMOUS_ADMIN, 'delete_thing', { name: 'a' }, answering('accept'));
    expect(result.isError).toBeFalsy();
    expect(asked).toEqual([{ summary: 'Delete thing "a"', details: 'thing/x' }]);
    expect(deleted).toEqual(['a']);
  });

  it.each([
    ['decline', 'declined'],
    ['cancel', 'cancelled'],
  ] as const)(
    'does nothing when the person answers %s, recorded as declined',
    async (answer, word) => {
      const result = await call(ANONYMOUS_ADMIN, 'delete_thing', { name: 'b' }, answering(answer));
      expect(result).toEqual({
        isError: true,
        content: [
          {
            type: 'text',
            text: `Not done: the confirmation was ${word}, so nothing was changed (Delete thing "b").`,
          },
        ],
      });
      expect(deleted).toEqual([]);
      expect((await metrics.exposition()).body).toMatch(
        /^mcp_tool_calls_total\{tool="delete_thing",outcome="declined"\} 1$/m,
      );
    },
  );

  it('lets the policy decide when the client cannot ask: allowed for admin, refused for others', async () => {
    expect((await call(ANONYMOUS_ADMIN, 'delete_thing', { name: 'c' })).isError).toBeFalsy();
    expect(
      (await call(ANONYMOUS_ADMIN, 'delete_thing', { name: 'd' }, answering('unsupported')))
        .isError,
    ).toBeFalsy();
    const refused = await call(operator, 'delete_thing', { name: 'e' }, answering('unsupported'));
    expect(refused.isError).toBe(true);
    expect(refused.content[0]).toMatchObject({
      text: expect.stringContaining(
        'Not done: delete_thing needs a person\'s confirmation here (Delete thing "e"), and this client cannot ask for one',
      ),
    });
    expect(deleted).toEqual(['c', 'd']);
    expect((await metrics.exposition()).body).toMatch(
      /^mcp_tool_calls_total\{tool="delete_thing",outcome="denied"\} 1$/m,
    );
  });

  it('asks nothing for a dry run, and asks about any call of a tool the policy marks', async () => {
    expect((await call(operator, 'delete_thing', { name: 'f', dryRun: true })).isError).toBeFalsy();
    expect(
      (await call(ANONYMOUS_ADMIN, 'touch_thing', { name: 'g' }, answering('decline'))).isError,
    ).toBeFalsy();
    expect(asked).toEqual([]);
    const marked = await call(operator, 'touch_thing', { name: 'h' }, answering('decline'));
    expect(marked.isError).toBe(true);
    expect(asked).toEqual([{ summary: 'Call touch_thing', details: '{"name":"h"}' }]);
  });
});
