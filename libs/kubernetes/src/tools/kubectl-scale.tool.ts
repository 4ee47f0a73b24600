import {
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '#mcp';
import { z } from 'zod';

import { groupResourceOf } from '../api/api-resource.js';
import { ClusterAccess, type ClusterConnection } from '../cluster-access.js';
import type { ErrorTarget } from '../kubernetes-errors.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import { contextField, nameField, namespaceField, resourceField } from './tool-fields.js';
import { inNamespace, runPreview, runTool, toolInput, toolSuccess } from './tool-support.js';
import { resourceLabel } from './manifest-documents.js';
import { currentScale, scaleWorkload, type ScaleRequest } from './workload-scale.js';

const inputSchema = toolInput({
  resource: resourceField
    .default('deployment')
    .describe('deployment, statefulset, replicaset, ...'),
  name: nameField.describe('e.g. "web"'),
  replicas: z.number().int().min(0).max(10_000).describe('e.g. 3'),
  namespace: namespaceField,
  dryRun: z.boolean().optional().describe('Validate only'),
  context: contextField,
});

const outputSchema = z.object({
  resource: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  previousReplicas: z.number(),
  replicas: z.number(),
  dryRun: z.boolean(),
});

@McpTool()
export class KubectlScaleTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_scale';
  readonly title = 'Scale a workload';
  readonly description = [
    'Set the replicas of a Deployment, StatefulSet or anything with a scale subresource, like `kubectl scale`. 0 stops every pod.',
    'Example: {"name":"web","replicas":3,"namespace":"prod"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = {
    title: this.title,
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  };

  constructor(private readonly access: ClusterAccess) {}

  /**
   * Scaling to 0 stops every pod, so a person confirms it. A scale-up the caller's Pod Security
   * level refuses is refused before anyone is asked.
   */
  async confirmation(
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    policyAsks: boolean,
  ): Promise<ConfirmationRequest | undefined> {
    if (input.dryRun || (input.replicas !== 0 && !policyAsks)) return undefined;
    return runPreview(ctx, input.context, async (target) => {
      const { connection, request } = await this.locate(input, ctx, target);
      if (input.replicas > 0) await currentScale(connection, ctx.caller, request, ctx.signal);
      const stops = input.replicas === 0 ? ', stopping every pod' : '';
      return {
        summary: `Scale ${groupResourceOf(request.type)} "${input.name}"${inNamespace(request.namespace)} to ${input.replicas} replicas${stops}`,
      };
    });
  }

  private async locate(
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    target: ErrorTarget,
  ): Promise<{ connection: ClusterConnection; request: ScaleRequest }> {
    const connection = this.access.connect(input.context, ctx.caller);
    const type = await connection.resolve(input.resource);
    const namespace = resolveNamespaceScope(ctx.caller, connection, type, input, target)
      .namespaces[0];
    const { name, replicas, dryRun } = input;
    return { connection, request: { type, namespace, name, replicas, dryRun } };
  }

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const { connection, request } = await this.locate(input, ctx, target);
      const previousReplicas = await scaleWorkload(connection, ctx.caller, request, ctx.signal);
      return toolSuccess(
        `${resourceLabel(request.type, input.name)} scaled from ${previousReplicas} to ${input.replicas} replicas${input.dryRun ? ' (server dry run)' : ''}`,
        {
          resource: groupResourceOf(request.type),
          name: input.name,
          ...(request.namespace ? { namespace: request.namespace } : {}),
          previousReplicas,
          replicas: input.replicas,
          dryRun: Boolean(input.dryRun),
        },
      );
    });
  }
}
