import { AppConfig, ConfigModule } from '#config';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { McpModule } from '../mcp.module.js';
import { ADMIN_CAPABILITIES, type Caller } from '../registry/caller.js';
import { TOOL_ACCESS_POLICY, type ToolAccessPolicy } from '../registry/tool-access.policy.js';
import { policyFor, ToolInvoker } from './tool-invoker.service.js';

const config = (authEnabled: boolean): AppConfig =>
  AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    AUTH_ENABLED: String(authEnabled),
    JWT_SECRET: 'unit-test-secret-that-is-long-enough-0123456789',
  });

const viewer: Caller = {
  subject: 'vera',
  roles: ['viewer'],
  namespaces: ['*'],
  capabilities: { ...ADMIN_CAPABILITIES, tools: [{ annotations: { readOnlyHint: true } }] },
};
const denyEverything: ToolAccessPolicy = { canCall: () => false };

// Global like AuthModule: McpModule does not import the policy's module.
@Global()
@Module({
  providers: [{ provide: TOOL_ACCESS_POLICY, useValue: denyEverything }],
  exports: [TOOL_ACCESS_POLICY],
})
class DenyAllPolicyModule {}

describe('policyFor', () => {
  it('uses the provided policy whether auth is on or off', () => {
    expect(policyFor(true, denyEverything)).toBe(denyEverything);
    expect(policyFor(false, denyEverything)).toBe(denyEverything);
  });

  it('allows every tool only when auth is off and no policy exists', () => {
    expect(policyFor(false, undefined).canCall(viewer, {} as never)).toBe(true);
  });

  it('refuses to fall back to allow-all when auth is enabled, and says how to fix it', () => {
    expect(() => policyFor(true, undefined)).toThrow(
      /AUTH_ENABLED=true but no tool access policy \(TOOL_ACCESS_POLICY\).*Import AuthModule/,
    );
  });
});

describe('McpModule start-up and the tool access policy', () => {
  const compile = (authEnabled: boolean, withPolicy: boolean) =>
    Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config(authEnabled)),
        ...(withPolicy ? [DenyAllPolicyModule] : []),
        McpModule,
      ],
    }).compile();

  it('fails to start with AUTH_ENABLED=true when no module provides TOOL_ACCESS_POLICY', async () => {
    await expect(compile(true, false)).rejects.toThrow(/no tool access policy/);
  });

  it('starts without a policy when auth is disabled and lists the built-in tool', async () => {
    const moduleRef = await compile(false, false);
    await moduleRef.init();
    const sut = moduleRef.get(ToolInvoker);
    expect(sut.list(viewer).map((tool) => tool.name)).toContain('server_ping');
    await moduleRef.close();
  });

  it('applies a policy that is provided by another module', async () => {
    const moduleRef = await compile(true, true);
    await moduleRef.init();
    const sut = moduleRef.get(ToolInvoker);
    expect(sut.list(viewer)).toEqual([]);
    const refused = await sut.call(viewer, 'server_ping', {}, new AbortController().signal);
    expect(refused.isError).toBe(true);
    expect(refused.content[0]).toMatchObject({
      text: expect.stringContaining('Access denied: "vera" (roles: viewer) may not call tool'),
    });
    await moduleRef.close();
  });
});
