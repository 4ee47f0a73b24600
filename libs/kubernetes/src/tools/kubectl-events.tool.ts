import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { resourcePath } from '../api/api-resource.js';
import { ClusterAccess } from '../cluster-access.js';
import { takeWithinLimit } from '../output/output-limit.js';
import { renderTableLines } from '../output/table-format.js';
import { eventLines, toEventRows, type EventLike } from './event-rows.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import { contextField, nameField, namespaceField, resourceField } from './tool-fields.js';
import {
  READ_ONLY_CLUSTER_TOOL,
  inNamespace,
  runTool,
  toolInput,
  toolSuccess,
} from './tool-support.js';

const inputSchema = toolInput({
  namespace: namespaceField,
  allNamespaces: z.boolean().optional().describe('All namespaces you may use'),
  resource: resourceField.optional().describe('Object type, e.g. "pod"'),
  name: nameField.optional().describe('Object name'),
  warningsOnly: z.boolean().optional().describe('Only Warning events'),
  warningsFirst: z.boolean().optional().describe('Warnings before Normal events'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Most recent events'),
  context: contextField,
});

const outputSchema = z.object({
  namespace: z.string().optional(),
  count: z.number(),
  events: z.array(
    z.object({
      lastSeen: z.string(),
      type: z.string(),
      reason: z.string(),
      object: z.string(),
      message: z.string(),
      count: z.number(),
      namespace: z.string().optional(),
    }),
  ),
  truncated: z.boolean(),
});

@McpTool()
export class KubectlEventsTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_events';
  readonly title = 'List Kubernetes events';
  readonly description = [
    'Recent events (scheduling, pulls, crashes, probes), like `kubectl events`: first stop when something will not start.',
    'Example: {"namespace":"default","warningsFirst":true}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const eventType = await connection.resolve('events');
      const scope = resolveNamespaceScope(ctx.caller, connection, eventType, input, target);
      const selectors: string[] = [];
      if (input.name) selectors.push(`involvedObject.name=${input.name}`);
      if (input.resource)
        selectors.push(`involvedObject.kind=${(await connection.resolve(input.resource)).kind}`);
      if (input.warningsOnly) selectors.push('type=Warning');
      const lists = await Promise.all(
        scope.namespaces.map((namespace) =>
          connection.http.json<{ items: EventLike[] }>({
            path: resourcePath(eventType, namespace),
            query: { fieldSelector: selectors.join(',') || undefined },
            signal: ctx.signal,
          }),
        ),
      );
      const all = toEventRows(
        lists.flatMap((list) => list.items),
        { warningsFirst: input.warningsFirst },
      );
      const recent = input.warningsFirst ? all.slice(0, input.limit) : all.slice(-input.limit);
      const base = scope.acrossNamespaces ? {} : { namespace: scope.namespaces[0] };
      if (!recent.length) {
        return toolSuccess(
          `No events found${scope.acrossNamespaces ? ' in your namespaces' : inNamespace(scope.namespaces[0])}.`,
          { ...base, count: 0, events: [], truncated: false },
        );
      }
      const cut = takeWithinLimit(
        renderTableLines(eventLines(recent, scope.acrossNamespaces)),
        this.access.maxOutputChars,
      );
      const shown = recent.slice(0, Math.max(cut.kept - 1, 0));
      const note = cut.omitted
        ? `\n[${cut.omitted} more events not shown; filter with name, resource or warningsOnly, or lower limit]`
        : '';
      return toolSuccess(`${cut.text}${note}`, {
        ...base,
        count: recent.length,
        events: shown,
        truncated: cut.omitted > 0,
      });
    });
  }
}
