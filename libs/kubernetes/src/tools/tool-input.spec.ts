import type { McpToolHandler } from '#mcp';

import type { ClusterAccess } from '../cluster-access.js';
import type { KubernetesClientFactory } from '../kubernetes-client.factory.js';
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

// Schemas are checked before a tool touches the cluster, so no connection is needed.
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

/** The `path: message` lines the MCP invoker shows the caller for a refused argument object. */
function problems(toolName: string, input: unknown): string[] {
  const sut = tools.find((tool) => tool.name === toolName)!;
  const parsed = sut.inputSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map(
    (issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`,
  );
}

describe('tool input schemas refuse bad arguments with a message naming the parameter', () => {
  it.each(tools.map((tool) => [tool.name]))(
    '%s refuses an unknown (misspelt) parameter',
    (name) => {
      expect(problems(name, { namepsace: 'prod' })).toContainEqual(
        expect.stringMatching(/^\(arguments\): unknown parameter "namepsace"; this tool takes /),
      );
    },
  );

  it('names the parameters a tool does take', () => {
    expect(problems('kubectl_top', { nodes: true })).toEqual([
      '(arguments): unknown parameter "nodes"; this tool takes target, namespace, labelSelector, context',
    ]);
    expect(problems('kubectl_contexts', { name: 'x' })).toEqual([
      '(arguments): unknown parameter "name"; this tool takes no parameters',
    ]);
  });

  it.each([
    ['kubectl_get', {}, /^resource: Invalid input: expected string/],
    ['kubectl_get', { resource: '' }, /^resource: Too small/],
    [
      'kubectl_get',
      { resource: 'pods', namespace: 'Bad_NS' },
      /^namespace: must be a namespace name/,
    ],
    ['kubectl_get', { resource: 'pods', namespace: 'x'.repeat(64) }, /^namespace: Too big/],
    ['kubectl_get', { resource: 'pods', name: '-web' }, /^name: must be an object name/],
    [
      'kubectl_get',
      { resource: 'pods', output: 'xml' },
      /^output: Invalid option: expected one of "table"\|"yaml"\|"json"/,
    ],
    ['kubectl_get', { resource: 'pods', limit: 0 }, /^limit: Too small/],
    ['kubectl_get', { resource: 'pods', limit: 1.5 }, /^limit: Invalid input: expected int/],
    [
      'kubectl_get',
      { resource: 'pods', allNamespaces: 'yes' },
      /^allNamespaces: Invalid input: expected boolean/,
    ],
    ['kubectl_get', { resource: 'pods', labelSelector: '' }, /^labelSelector: Too small/],
    ['kubectl_get', { resource: 'pods', continue: '' }, /^continue: Too small/],
    ['kubectl_get', { resource: 'pods', context: '' }, /^context: Too small/],
    ['kubectl_describe', { resource: 'pod' }, /^name: Invalid input: expected string/],
    ['kubectl_apply', { yaml: '' }, /^yaml: Too small/],
    ['kubectl_apply', { yaml: 'x', dryRun: 'true' }, /^dryRun: Invalid input: expected boolean/],
    ['kubectl_apply', { yaml: 'x', force: 1 }, /^force: Invalid input: expected boolean/],
    [
      'kubectl_delete',
      { resource: 'pods', name: 'a', propagationPolicy: 'Now' },
      /^propagationPolicy: Invalid option/,
    ],
    [
      'kubectl_delete',
      { resource: 'pods', name: 'a', gracePeriodSeconds: -1 },
      /^gracePeriodSeconds: Too small/,
    ],
    [
      'kubectl_delete',
      { resource: 'pods', name: 'a', gracePeriodSeconds: 86401 },
      /^gracePeriodSeconds: Too big/,
    ],
    ['kubectl_events', { limit: 1001 }, /^limit: Too big/],
    ['kubectl_events', { resource: '' }, /^resource: Too small/],
    ['kubectl_events', { warningsOnly: 'yes' }, /^warningsOnly: Invalid input: expected boolean/],
    ['kubectl_exec', { pod: 'web', command: [] }, /^command: Too small/],
    ['kubectl_exec', { pod: 'web', command: 'ls -l' }, /^command: Invalid input: expected array/],
    ['kubectl_exec', { pod: 'web', command: [''] }, /^command\.0: Too small/],
    [
      'kubectl_exec',
      { pod: 'web', command: ['id'], timeoutSeconds: 301 },
      /^timeoutSeconds: Too big/,
    ],
    ['kubectl_exec', { pod: 'web', command: ['id'], container: '' }, /^container: Too small/],
    ['kubectl_logs', { pod: 'web', lines: 0 }, /^lines: Too small/],
    ['kubectl_logs', { pod: 'web', lines: 100_001 }, /^lines: Too big/],
    ['kubectl_logs', { pod: 'web', sinceSeconds: 0 }, /^sinceSeconds: Too small/],
    ['kubectl_logs', { pod: 'web', grep: '' }, /^grep: Too small/],
    ['kubectl_logs', { pod: 'web', previous: 'no' }, /^previous: Invalid input: expected boolean/],
    ['kubectl_logs', { pod: 'web', timestamps: 1 }, /^timestamps: Invalid input: expected boolean/],
    [
      'kubectl_rollout',
      { action: 'restart-now', name: 'web' },
      /^action: Invalid option: expected one of "status"/,
    ],
    ['kubectl_rollout', { action: 'undo', name: 'web', toRevision: 0 }, /^toRevision: Too small/],
    ['kubectl_scale', { name: 'web' }, /^replicas: Invalid input: expected number/],
    ['kubectl_scale', { name: 'web', replicas: -1 }, /^replicas: Too small/],
    ['kubectl_scale', { name: 'web', replicas: 10_001 }, /^replicas: Too big/],
    [
      'kubectl_top',
      { target: 'containers' },
      /^target: Invalid option: expected one of "pods"\|"nodes"/,
    ],
    [
      'kubectl_api_resources',
      { namespaced: 'true' },
      /^namespaced: Invalid input: expected boolean/,
    ],
    ['kubectl_api_resources', { verb: '' }, /^verb: Too small/],
  ] as const)('%s %j', (name, input, message) => {
    expect(problems(name, input)).toContainEqual(expect.stringMatching(message));
  });

  it('accepts the documented examples unchanged', () => {
    expect(problems('kubectl_get', { resource: 'pods', namespace: 'default' })).toEqual([]);
    expect(
      problems('kubectl_apply', { yaml: 'apiVersion: v1\nkind: Pod', namespace: 'default' }),
    ).toEqual([]);
    expect(problems('kubectl_contexts', {})).toEqual([]);
  });
});

describe('tool annotations (the built-in roles are decided by them)', () => {
  const hints = (name: string) => {
    const { readOnlyHint, destructiveHint } = tools.find((tool) => tool.name === name)!.annotations;
    return { readOnlyHint, destructiveHint };
  };

  it('marks only the reading tools read-only, so a viewer gets nothing that writes', () => {
    const readOnly = tools.filter((tool) => tool.annotations.readOnlyHint === true);
    expect(readOnly.map((tool) => tool.name).sort()).toEqual([
      'kubectl_api_resources',
      'kubectl_contexts',
      'kubectl_describe',
      'kubectl_events',
      'kubectl_get',
      'kubectl_logs',
      'kubectl_top',
    ]);
  });

  it('marks delete and exec destructive (admin only) and apply, scale, rollout not (operator)', () => {
    for (const name of ['kubectl_delete', 'kubectl_exec'])
      expect([name, hints(name)]).toEqual([name, { readOnlyHint: false, destructiveHint: true }]);
    for (const name of ['kubectl_apply', 'kubectl_scale', 'kubectl_rollout'])
      expect([name, hints(name)]).toEqual([name, { readOnlyHint: false, destructiveHint: false }]);
  });
});
