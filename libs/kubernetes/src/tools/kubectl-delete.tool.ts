import {
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '#mcp';
import { z } from 'zod';

import { groupResourceOf, resourcePath, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess } from '../cluster-access.js';
import type { ErrorTarget } from '../kubernetes-errors.js';
import { assertClusterScopeAllowed } from '../namespace-access.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import {
  contextField,
  labelSelectorField,
  nameField,
  namespaceField,
  resourceField,
} from './tool-fields.js';
import { inNamespace, runPreview, runTool, toolInput, toolSuccess } from './tool-support.js';

const MAX_SELECTED = 200;
// Names in the one-line summary a person reads; the details list every object.
const MAX_LISTED = 10;

const inputSchema = toolInput({
  resource: resourceField,
  name: nameField.optional().describe('Or use labelSelector'),
  namespace: namespaceField,
  labelSelector: labelSelectorField.describe('e.g. "app=nginx"'),
  propagationPolicy: z
    .enum(['Foreground', 'Background', 'Orphan'])
    .optional()
    .describe('For dependents; default Background'),
  gracePeriodSeconds: z.number().int().min(0).max(86400).optional().describe('0 = immediately'),
  dryRun: z.boolean().optional().describe('List what would go; delete nothing'),
  context: contextField,
});

const outputSchema = z.object({
  resource: z.string(),
  namespace: z.string().optional(),
  dryRun: z.boolean(),
  deleted: z.array(z.string()),
});
type Input = z.infer<typeof inputSchema>;

@McpTool()
export class KubectlDeleteTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_delete';
  readonly title = 'Delete Kubernetes resources';
  readonly description = [
    'Delete an object, or all matching labelSelector, like `kubectl delete`. Permanent: confirm with the user first, or use dryRun.',
    'Example: {"resource":"pod","name":"test-pod","namespace":"default"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = {
    title: this.title,
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  };

  constructor(private readonly access: ClusterAccess) {}

  call(input: Input, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const { connection, type, namespace, names } = await this.select(input, ctx, target);
      const deleted: string[] = [];
      for (const name of names) {
        target.name = name;
        await connection.http.json({
          method: 'DELETE',
          path: resourcePath(type, namespace, name),
          signal: ctx.signal,
          query: {
            propagationPolicy: input.propagationPolicy,
            gracePeriodSeconds: input.gracePeriodSeconds,
            dryRun: input.dryRun ? 'All' : undefined,
          },
        });
        deleted.push(name);
      }
      const kind = kindLabel(type);
      const suffix = input.dryRun ? ' (server dry run)' : '';
      const text = deleted.length
        ? deleted.map((name) => `${kind} "${name}" deleted${suffix}`).join('\n')
        : `No ${groupResourceOf(type)} match "${input.labelSelector}"${inNamespace(namespace)}; nothing deleted.`;
      return toolSuccess(text, {
        resource: groupResourceOf(type),
        ...(namespace ? { namespace } : {}),
        dryRun: Boolean(input.dryRun),
        deleted,
      });
    });
  }

  /** Every real delete is confirmed by a person, who sees the objects it removes. */
  async confirmation(input: Input, ctx: ToolCallContext): Promise<ConfirmationRequest | undefined> {
    if (input.dryRun) return undefined;
    return runPreview(ctx, input.context, async (target) => {
      const { type, namespace, names } = await this.select(input, ctx, target);
      if (!names.length) return undefined;
      const shown = names.slice(0, MAX_LISTED);
      const more = names.length > shown.length ? `, and ${names.length - shown.length} more` : '';
      return {
        summary: `Delete ${names.length} ${groupResourceOf(type)}${inNamespace(namespace)}: ${shown.join(', ')}${more}`,
        details: names.map((name) => `${kindLabel(type)}/${name}`).join('\n'),
      };
    });
  }

  /** Checks access and finds the objects a call names (by name or selector). */
  private async select(input: Input, ctx: ToolCallContext, target: ErrorTarget) {
    if (!input.name === !input.labelSelector) {
      throw new ToolInputError(
        'Give exactly one of name (one object) or labelSelector (every matching object)',
      );
    }
    const connection = this.access.connect(input.context, ctx.caller);
    const type = await connection.resolve(input.resource);
    Object.assign(target, { type, name: input.name });
    if (!type.namespaced) assertClusterScopeAllowed(ctx.caller, groupResourceOf(type));
    const namespace = resolveNamespaceScope(
      ctx.caller,
      connection,
      type,
      { namespace: input.namespace, name: input.name },
      target,
    ).namespaces[0];
    if (!type.verbs.includes('delete'))
      throw new ToolInputError(`${groupResourceOf(type)} cannot be deleted`);
    if (!input.labelSelector) return { connection, type, namespace, names: [input.name!] };
    const list = await connection.http.json<{ items: { metadata: { name: string } }[] }>({
      path: resourcePath(type, namespace),
      query: { labelSelector: input.labelSelector, limit: MAX_SELECTED + 1 },
      signal: ctx.signal,
    });
    const names = list.items.map((item) => item.metadata.name);
    if (names.length > MAX_SELECTED) {
      throw new ToolInputError(
        `The selector matches more than ${MAX_SELECTED} ${groupResourceOf(type)}; narrow it and delete in batches`,
      );
    }
    return { connection, type, namespace, names };
  }
}

function kindLabel(type: ApiResource): string {
  return type.kind.toLowerCase() + (type.group ? `.${type.group}` : '');
}
