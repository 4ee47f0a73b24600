import {
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '#mcp';
import { z } from 'zod';

import { groupResourceOf, resourcePath } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess } from '../cluster-access.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import { contextField, nameField, namespaceField, resourceField } from './tool-fields.js';
import { inNamespace, runPreview, runTool, toolInput, toolSuccess } from './tool-support.js';

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

  /** Scaling to 0 stops every pod, so a person confirms it. */
  async confirmation(
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    policyAsks: boolean,
  ): Promise<ConfirmationRequest | undefined> {
    if (input.dryRun || (input.replicas !== 0 && !policyAsks)) return undefined;
    return runPreview(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const type = await connection.resolve(input.resource);
      const namespace = resolveNamespaceScope(ctx.caller, connection, type, input, target)
        .namespaces[0];
      const stops = input.replicas === 0 ? ', stopping every pod' : '';
      return {
        summary: `Scale ${groupResourceOf(type)} "${input.name}"${inNamespace(namespace)} to ${input.replicas} replicas${stops}`,
      };
    });
  }

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const type = await connection.resolve(input.resource);
      const namespace = resolveNamespaceScope(ctx.caller, connection, type, input, target)
        .namespaces[0];
      const path = `${resourcePath(type, namespace, input.name)}/scale`;
      const current = await connection.http
        .json<{ spec?: { replicas?: number } }>({ path, signal: ctx.signal })
        .catch((error: unknown) => {
          if (
            (error as { statusCode?: number }).statusCode === 404 &&
            !['deployments', 'statefulsets', 'replicasets', 'replicationcontrollers'].includes(
              type.resource,
            )
          ) {
            throw new ToolInputError(
              `${groupResourceOf(type)} has no scale subresource (or "${input.name}" does not exist); scale a deployment, statefulset or replicaset`,
            );
          }
          throw error;
        });
      const previousReplicas = current.spec?.replicas ?? 0;
      await connection.http.json({
        method: 'PATCH',
        path,
        contentType: 'application/merge-patch+json',
        body: { spec: { replicas: input.replicas } },
        query: { dryRun: input.dryRun ? 'All' : undefined },
        signal: ctx.signal,
      });
      const label = `${type.kind.toLowerCase()}${type.group ? `.${type.group}` : ''}/${input.name}`;
      return toolSuccess(
        `${label} scaled from ${previousReplicas} to ${input.replicas} replicas${input.dryRun ? ' (server dry run)' : ''}`,
        {
          resource: groupResourceOf(type),
          name: input.name,
          ...(namespace ? { namespace } : {}),
          previousReplicas,
          replicas: input.replicas,
          dryRun: Boolean(input.dryRun),
        },
      );
    });
  }
}
