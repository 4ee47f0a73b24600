import { McpPrompt, type McpPromptHandler, type PromptResult } from '#mcp';
import { z } from 'zod';

import { namespaceField } from '../tools/tool-fields.js';

const argsSchema = z.object({
  namespace: namespaceField.describe(
    'Limit the check to one namespace (default: every namespace you may use)',
  ),
});

/** A read-only health sweep: nodes, workloads that are not ready, warning events. */
@McpPrompt()
export class ClusterHealthPrompt implements McpPromptHandler<typeof argsSchema> {
  readonly name = 'check_cluster_health';
  readonly title = 'Check cluster health';
  readonly description =
    'Sweep the cluster (or one namespace) for unhealthy nodes, workloads and warning events, and summarise what needs attention.';
  readonly argsSchema = argsSchema;

  get(args: z.infer<typeof argsSchema>): PromptResult {
    const scope = args.namespace ? `{"namespace": "${args.namespace}"` : '{"allNamespaces": true';
    return {
      description: args.namespace ? `Health of namespace ${args.namespace}` : 'Cluster health',
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Check the health of ${args.namespace ? `namespace "${args.namespace}"` : 'the cluster'} using read-only tools only.`,
              args.namespace
                ? ''
                : '1. kubectl_get {"resource": "nodes"}: every node should be Ready.',
              `2. kubectl_get ${scope}, "resource": "deployments"} and statefulsets/daemonsets: READY should equal the desired count.`,
              `3. kubectl_get ${scope}, "resource": "pods", "fieldSelector": "status.phase!=Running,status.phase!=Succeeded"}: list pods that are not running.`,
              `4. kubectl_events ${scope}, "warningsOnly": true}: group the warnings by reason.`,
              '5. kubectl_top {"target": "nodes"} if the metrics API is available.',
              'Report a short table: area, status (OK / attention / broken), evidence, suggested next step. Most severe first.',
            ]
              .filter(Boolean)
              .join('\n'),
          },
        },
      ],
    };
  }
}
