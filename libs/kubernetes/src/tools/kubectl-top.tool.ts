import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { KubernetesApiError, ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess } from '../cluster-access.js';
import { assertClusterScopeAllowed, assertNamespaceAllowed } from '../namespace-access.js';
import { takeWithinLimit } from '../output/output-limit.js';
import { renderTableLines } from '../output/table-format.js';
import { contextField, labelSelectorField, namespaceField } from './tool-fields.js';
import { READ_ONLY_CLUSTER_TOOL, runTool, toolInput, toolSuccess } from './tool-support.js';

const METRICS = '/apis/metrics.k8s.io/v1beta1';

const inputSchema = toolInput({
  target: z.enum(['pods', 'nodes']).default('pods'),
  namespace: namespaceField,
  labelSelector: labelSelectorField.describe('e.g. "app=nginx"'),
  context: contextField,
});

const outputSchema = z.object({
  target: z.string(),
  namespace: z.string().optional(),
  items: z.array(z.object({ name: z.string(), cpuMillicores: z.number(), memoryMiB: z.number() })),
  truncated: z.boolean(),
});

interface MetricsItem {
  metadata: { name: string };
  usage?: Usage;
  containers?: { usage: Usage }[];
}
interface Usage {
  cpu?: string;
  memory?: string;
}

@McpTool()
export class KubectlTopTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_top';
  readonly title = 'Show CPU and memory usage';
  readonly description = [
    'CPU (millicores) and memory (MiB) of pods or nodes, like `kubectl top`; needs metrics-server.',
    'Example: {"target":"pods","namespace":"prod"} or {"target":"nodes"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      let namespace: string | undefined;
      if (input.target === 'nodes') assertClusterScopeAllowed(ctx.caller, 'nodes');
      else {
        namespace = input.namespace ?? connection.defaultNamespace;
        target.namespace = namespace;
        assertNamespaceAllowed(ctx.caller, namespace);
      }
      const path =
        input.target === 'nodes'
          ? `${METRICS}/nodes`
          : `${METRICS}/namespaces/${encodeURIComponent(namespace!)}/pods`;
      const list = await connection.http
        .json<{ items: MetricsItem[] }>({
          path,
          query: { labelSelector: input.labelSelector },
          signal: ctx.signal,
        })
        .catch((error: unknown) => {
          if (error instanceof KubernetesApiError && [404, 503].includes(error.statusCode)) {
            throw new ToolInputError(
              'The metrics API (metrics.k8s.io) is not available on this cluster, so CPU and memory usage cannot be shown. Install metrics-server, or check pod resources with kubectl_describe.',
            );
          }
          throw error;
        });
      const items = list.items
        .map((item) => {
          const usages = item.usage
            ? [item.usage]
            : (item.containers ?? []).map((container) => container.usage);
          return {
            name: item.metadata.name,
            cpuMillicores: Math.round(usages.reduce((sum, usage) => sum + parseCpu(usage.cpu), 0)),
            memoryMiB: Math.round(
              usages.reduce((sum, usage) => sum + parseMemory(usage.memory), 0) / 2 ** 20,
            ),
          };
        })
        .sort((a, b) => b.cpuMillicores - a.cpuMillicores);
      if (!items.length)
        return toolSuccess(`No ${input.target} metrics found.`, {
          target: input.target,
          ...(namespace ? { namespace } : {}),
          items: [],
          truncated: false,
        });
      const lines = renderTableLines({
        columns: ['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
        rows: items.map((i) => [i.name, `${i.cpuMillicores}m`, `${i.memoryMiB}Mi`]),
      });
      const cut = takeWithinLimit(lines, this.access.maxOutputChars);
      const note = cut.omitted
        ? `\n[${cut.omitted} more not shown; narrow with labelSelector]`
        : '';
      return toolSuccess(`${cut.text}${note}`, {
        target: input.target,
        ...(namespace ? { namespace } : {}),
        items: items.slice(0, Math.max(cut.kept - 1, 0)),
        truncated: cut.omitted > 0,
      });
    });
  }
}

/** Kubernetes CPU quantity (e.g. "250m", "1", "1500000n") in millicores. */
export function parseCpu(value = '0'): number {
  const match = /^([\d.]+)(n|u|m)?$/.exec(value.trim());
  if (!match) return 0;
  const amount = Number(match[1]);
  return match[2] === 'n'
    ? amount / 1e6
    : match[2] === 'u'
      ? amount / 1e3
      : match[2] === 'm'
        ? amount
        : amount * 1000;
}

/** Kubernetes memory quantity (e.g. "128Mi", "1G", "524288Ki") in bytes. */
export function parseMemory(value = '0'): number {
  const match = /^([\d.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value.trim());
  if (!match) return 0;
  const factor: Record<string, number> = {
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}
