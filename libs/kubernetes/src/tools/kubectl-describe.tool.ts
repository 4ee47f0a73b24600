import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { stringify } from 'yaml';
import { z } from 'zod';

import { groupResourceOf, resourcePath } from '../api/api-resource.js';
import { ClusterAccess } from '../cluster-access.js';
import { capText } from '../output/output-limit.js';
import { sanitizeObject, type KubernetesObject } from '../output/sanitize-object.js';
import { renderTableLines } from '../output/table-format.js';
import { eventLines, toEventRows, type EventLike } from './event-rows.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import { podHealth, type PodLike } from './pod-health.js';
import { contextField, nameField, namespaceField, resourceField } from './tool-fields.js';
import { READ_ONLY_CLUSTER_TOOL, runTool, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  resource: resourceField,
  name: nameField.describe('e.g. "web-7d4b9-x2k4p"'),
  namespace: namespaceField,
  context: contextField,
});

const outputSchema = z.object({
  resource: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  object: z.record(z.string(), z.unknown()),
  pod: z
    .object({
      phase: z.string(),
      conditions: z.array(
        z.object({
          type: z.string(),
          status: z.string(),
          reason: z.string().optional(),
          message: z.string().optional(),
        }),
      ),
      containers: z.array(
        z.object({
          name: z.string(),
          ready: z.boolean(),
          restartCount: z.number(),
          state: z.string(),
          detail: z.string().optional(),
        }),
      ),
    })
    .optional(),
  events: z.array(z.record(z.string(), z.unknown())),
  truncated: z.boolean(),
});

@McpTool()
export class KubectlDescribeTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_describe';
  readonly title = 'Describe a Kubernetes object';
  readonly description = [
    'One object with its events and, for pods, conditions and container states, like `kubectl describe`.',
    'Use it to find out why something is not ready.',
    'Example: {"resource":"pod","name":"web-7d4b9-x2k4p","namespace":"prod"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const type = await connection.resolve(input.resource);
      const namespace = resolveNamespaceScope(ctx.caller, connection, type, input, target)
        .namespaces[0];
      const raw = await connection.http.json<KubernetesObject>({
        path: resourcePath(type, namespace, input.name),
        signal: ctx.signal,
      });
      const object = sanitizeObject(raw, ctx.caller.capabilities.revealSecrets);
      const eventType = await connection.resolve('events');
      const uid = (raw.metadata as { uid?: string }).uid;
      const events = await connection.http
        .json<{ items: EventLike[] }>({
          path: resourcePath(eventType, namespace ?? 'default'),
          query: { fieldSelector: `involvedObject.uid=${uid}` },
          signal: ctx.signal,
        })
        .then(
          (list) => toEventRows(list.items).slice(-20),
          () => [],
        );
      const pod = type.kind === 'Pod' && type.group === '' ? podHealth(raw as PodLike) : undefined;

      const sections = [stringify(object).trimEnd()];
      if (pod) {
        sections.push(`Pod health: phase ${pod.phase}`);
        sections.push(
          ...pod.conditions.map(
            (c) =>
              `  condition ${c.type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`,
          ),
        );
        sections.push(
          ...pod.containers.map(
            (c) =>
              `  container ${c.name}: ${c.state}, ready=${c.ready}, restarts=${c.restartCount}${c.detail ? ` — ${c.detail}` : ''}`,
          ),
        );
      }
      sections.push(
        events.length
          ? `Events:\n${renderTableLines(eventLines(events, false)).join('\n')}`
          : 'Events: <none>',
      );
      const cut = capText(
        sections.join('\n'),
        this.access.maxOutputChars,
        'use kubectl_get with output=yaml for the full object or kubectl_events for all events',
      );
      return toolSuccess(cut.text, {
        resource: groupResourceOf(type),
        name: input.name,
        ...(namespace ? { namespace } : {}),
        object,
        ...(pod ? { pod } : {}),
        events,
        truncated: cut.truncated,
      });
    });
  }
}
