import 'reflect-metadata';

import { AppConfig, ConfigModule } from '#config';
import { KubernetesModule, KubernetesToolsModule } from '#kubernetes';
import {
  AccessDeniedError,
  ANONYMOUS_ADMIN,
  type Caller,
  type McpToolHandler,
  type ToolResult,
  type ToolTarget,
} from '#mcp';
import { MCP_TOOL_METADATA } from '#mcp';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { adminKubeconfigPath, adminKubeConfig } from '../support/cluster.js';
import { CoreV1Api } from '@kubernetes/client-node';

/** A tool's result as the invoker sees it: refusals marked, the reported target kept. */
export type HarnessResult = ToolResult & { denied?: boolean; target?: ToolTarget };

export interface ToolHarness {
  app: INestApplicationContext;
  call(name: string, input: Record<string, unknown>, caller?: Caller): Promise<HarnessResult>;
  tools(): McpToolHandler[];
  close(): Promise<void>;
}

/**
 * The real KubernetesModule and tools against the local cluster, without HTTP: each tool is
 * called the way the MCP invoker calls it (input parsed by the tool's own schema).
 */
export async function startToolHarness(env: Record<string, string> = {}): Promise<ToolHarness> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    KUBECONFIG: adminKubeconfigPath(),
    AUTH_ENABLED: 'false',
    LOG_CONSOLE: 'false',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      KubernetesModule,
      KubernetesToolsModule.forRoot({ execEnabled: config.kubernetes.execEnabled === true }),
    ],
  }).compile();
  const app = await moduleRef.init();
  const container = (
    app as unknown as {
      container: {
        getModules(): Map<
          string,
          { providers: Map<unknown, { instance: unknown; metatype: unknown }> }
        >;
      };
    }
  ).container;
  const tools: McpToolHandler[] = [];
  for (const module of container.getModules().values()) {
    for (const wrapper of module.providers.values()) {
      if (
        wrapper.metatype &&
        Reflect.getMetadata(MCP_TOOL_METADATA, wrapper.metatype as object) &&
        wrapper.instance
      ) {
        tools.push(wrapper.instance as McpToolHandler);
      }
    }
  }
  return {
    app,
    tools: () => tools,
    async call(name, input, caller = ANONYMOUS_ADMIN) {
      const tool = tools.find((candidate) => candidate.name === name);
      if (!tool) throw new Error(`No tool ${name}`);
      const parsed = tool.inputSchema.parse(input);
      const reported: { target?: ToolTarget } = {};
      const context = {
        caller,
        signal: new AbortController().signal,
        reportTarget: (target: ToolTarget) => (reported.target = target),
      };
      try {
        const result = await tool.call(parsed, context);
        if (!result.isError && tool.outputSchema) tool.outputSchema.parse(result.structuredContent);
        return { ...result, ...reported };
      } catch (error) {
        // The MCP invoker turns a refusal into an isError result with outcome "denied".
        if (!(error instanceof AccessDeniedError)) throw error;
        return {
          content: [{ type: 'text', text: error.message }],
          isError: true,
          denied: true,
          ...reported,
        };
      }
    },
    close: () => app.close(),
  };
}

export function textOf(result: ToolResult): string {
  return result.content.map((part) => part.text).join('\n');
}

export async function createNamespace(name: string): Promise<void> {
  await adminKubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
}

export async function deleteNamespace(name: string): Promise<void> {
  await adminKubeConfig()
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name })
    .catch(() => undefined);
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
