import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { apiVersionOf } from '../api/api-resource.js';
import { ClusterAccess } from '../cluster-access.js';
import { takeWithinLimit } from '../output/output-limit.js';
import { renderTableLines } from '../output/table-format.js';
import { LIMITS, contextField } from './tool-fields.js';
import { READ_ONLY_CLUSTER_TOOL, runTool, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  apiGroup: z.string().max(LIMITS.name).optional().describe('e.g. "apps"; "" for core'),
  namespaced: z.boolean().optional().describe('false: cluster-scoped only'),
  verb: z.string().min(1).max(LIMITS.label).optional().describe('e.g. "delete"'),
  context: contextField,
});

const outputSchema = z.object({
  count: z.number(),
  resources: z.array(
    z.object({
      name: z.string(),
      shortNames: z.array(z.string()),
      apiVersion: z.string(),
      namespaced: z.boolean(),
      kind: z.string(),
      verbs: z.array(z.string()),
    }),
  ),
  truncated: z.boolean(),
});

@McpTool()
export class KubectlApiResourcesTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_api_resources';
  readonly title = 'List resource types';
  readonly description = [
    'Resource types the cluster serves (CRDs too) with short names, version, scope and kind, like `kubectl api-resources`.',
    "Find a custom resource's name before kubectl_get.",
    'Example: {} or {"apiGroup":"apps"} or {"namespaced":false}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async () => {
      const connection = this.access.connect(input.context, ctx.caller);
      const types = (await connection.resourceTypes())
        .filter((type) => input.apiGroup === undefined || type.group === input.apiGroup)
        .filter((type) => input.namespaced === undefined || type.namespaced === input.namespaced)
        .filter((type) => !input.verb || type.verbs.includes(input.verb))
        .map((type) => ({
          name: type.resource,
          shortNames: type.shortNames,
          apiVersion: apiVersionOf(type),
          namespaced: type.namespaced,
          kind: type.kind,
          verbs: type.verbs,
        }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.apiVersion.localeCompare(b.apiVersion));
      if (!types.length)
        return toolSuccess('No resource types match.', {
          count: 0,
          resources: [],
          truncated: false,
        });
      const lines = renderTableLines({
        columns: ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'],
        rows: types.map((t) => [
          t.name,
          t.shortNames.join(','),
          t.apiVersion,
          String(t.namespaced),
          t.kind,
        ]),
      });
      const cut = takeWithinLimit(lines, this.access.maxOutputChars);
      const note = cut.omitted
        ? `\n[${cut.omitted} more types not shown; filter with apiGroup, namespaced or verb]`
        : '';
      return toolSuccess(`${cut.text}${note}`, {
        count: types.length,
        resources: types.slice(0, Math.max(cut.kept - 1, 0)),
        truncated: cut.omitted > 0,
      });
    });
  }
}
