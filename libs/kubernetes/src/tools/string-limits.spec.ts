import type { McpPromptHandler, McpToolHandler } from '#mcp';
import { z } from 'zod';

import type { ClusterAccess } from '../cluster-access.js';
import type { KubernetesClientFactory } from '../kubernetes-client.factory.js';
import { ClusterHealthPrompt } from '../prompts/cluster-health.prompt.js';
import { DeployApplicationPrompt } from '../prompts/deploy-application.prompt.js';
import { DiagnosePodPrompt } from '../prompts/diagnose-pod.prompt.js';
import { KubectlApiResourcesTool } from './kubectl-api-resources.tool.js';
import { KubectlApplyTool } from './kubectl-apply.tool.js';
import { KubectlContextsTool } from './kubectl-contexts.tool.js';
import { KubectlDeleteTool } from './kubectl-delete.tool.js';
import { KubectlDescribeTool } from './kubectl-describe.tool.js';
import { KubectlEventsTool } from './kubectl-events.tool.js';
import { KubectlExecTool } from './kubectl-exec.tool.js';
import { KubectlGetTool } from './kubectl-get.tool.js';
import { KubectlLogsTool } from './kubectl-logs.tool.js';
import { KubectlRolloutTool } from './kubectl-rollout.tool.js';
import { KubectlScaleTool } from './kubectl-scale.tool.js';
import { KubectlTopTool } from './kubectl-top.tool.js';

const noCluster = {} as ClusterAccess;
const tools: McpToolHandler[] = [
  new KubectlApiResourcesTool(noCluster),
  new KubectlApplyTool(noCluster),
  new KubectlContextsTool({} as KubernetesClientFactory),
  new KubectlDeleteTool(noCluster),
  new KubectlDescribeTool(noCluster),
  new KubectlEventsTool(noCluster),
  new KubectlExecTool(noCluster),
  new KubectlGetTool(noCluster),
  new KubectlLogsTool(noCluster),
  new KubectlRolloutTool(noCluster),
  new KubectlScaleTool(noCluster),
  new KubectlTopTool(noCluster),
];
const prompts: McpPromptHandler[] = [
  new ClusterHealthPrompt(),
  new DeployApplicationPrompt(),
  new DiagnosePodPrompt(),
];

type JsonSchema = { type?: string; maxLength?: number; maxItems?: number; [key: string]: unknown };

/** Paths of string (and array) schemas without an upper bound, walked without recursion. */
function unbounded(schema: z.ZodType): string[] {
  const found: string[] = [];
  const stack: [string, unknown][] = [['', z.toJSONSchema(schema, { io: 'input' })]];
  while (stack.length) {
    const [path, node] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    const json = node as JsonSchema;
    if (json.type === 'string' && json.maxLength === undefined && !json.enum) found.push(path);
    if (json.type === 'array' && json.maxItems === undefined) found.push(`${path}[]`);
    for (const [key, child] of Object.entries(json)) stack.push([`${path}/${key}`, child]);
  }
  return found;
}

describe('every string a caller sends has a maximum length', () => {
  it.each(tools.map((tool) => [tool.name, tool]))('tool %s', (_name, tool) => {
    expect(unbounded(tool.inputSchema)).toEqual([]);
  });

  it.each(prompts.map((prompt) => [prompt.name, prompt]))('prompt %s', (_name, prompt) => {
    expect(unbounded(prompt.argsSchema!)).toEqual([]);
  });

  it('refuses a 1,000,000-character resource type before any lookup, naming the limit', () => {
    const get = tools.find((tool) => tool.name === 'kubectl_get')!;
    const parsed = get.inputSchema.safeParse({ resource: 'x'.repeat(1_000_000) });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['resource'], maximum: 253 });
  });
});
