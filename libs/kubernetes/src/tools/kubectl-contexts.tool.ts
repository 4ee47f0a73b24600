import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { KubernetesClientFactory } from '../kubernetes-client.factory.js';
import { renderTableLines } from '../output/table-format.js';
import { runTool, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({});

const outputSchema = z.object({
  current: z.string(),
  contexts: z.array(
    z.object({
      name: z.string(),
      cluster: z.string(),
      namespace: z.string().optional(),
      server: z.string().optional(),
      current: z.boolean(),
    }),
  ),
});

@McpTool()
export class KubectlContextsTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_contexts';
  readonly title = 'List configured clusters';
  readonly description = [
    'The clusters (kubeconfig contexts) this server manages and the default, like `kubectl config get-contexts`.',
    "Pass a name as any tool's context parameter.",
    'Example: {}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = {
    title: this.title,
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  };

  constructor(private readonly clients: KubernetesClientFactory) {}

  call(_input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, undefined, async () => {
      // User names are left out: they often reveal credential sources.
      const contexts = this.clients
        .contexts()
        .map(({ name, cluster, namespace, server, current }) => ({
          name,
          cluster,
          ...(namespace ? { namespace } : {}),
          ...(server ? { server } : {}),
          current,
        }));
      const lines = renderTableLines({
        columns: ['CURRENT', 'NAME', 'CLUSTER', 'SERVER', 'NAMESPACE'],
        rows: contexts.map((c) => [
          c.current ? '*' : '',
          c.name,
          c.cluster,
          c.server ?? '',
          c.namespace ?? '',
        ]),
      });
      return toolSuccess(lines.join('\n'), { current: this.clients.currentContext(), contexts });
    });
  }
}
