import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import type { ApiResource } from '../api/api-resource.js';
import { FIELD_MANAGER } from '../api/kubernetes-http.client.js';
import { KubernetesApiError, ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess, type ClusterConnection } from '../cluster-access.js';
import { describeKubernetesError, type ErrorTarget } from '../kubernetes-errors.js';
import type { KubernetesObject } from '../output/sanitize-object.js';
import { applyRefusals, assertMayApply } from './apply-access.js';
import { commonTarget, placeDocument, planDocuments, type PlannedDocument } from './apply-plan.js';
import { parseManifest } from './manifest-documents.js';
import { LIMITS, contextField, namespaceField } from './tool-fields.js';
import { runTool, toolFailure, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  yaml: z
    .string()
    .min(1)
    .max(LIMITS.manifest)
    .describe('One or more manifests: YAML documents separated by "---", or JSON'),
  namespace: namespaceField.describe(
    'Namespace for namespaced objects that name none, e.g. "default"',
  ),
  dryRun: z.boolean().optional().describe('Validate on the server without saving anything'),
  force: z
    .boolean()
    .optional()
    .describe('Take ownership of fields another manager set (resolves apply conflicts)'),
  context: contextField,
});

const outcome = z.enum(['created', 'configured', 'unchanged', 'failed']);
const outputSchema = z.object({
  dryRun: z.boolean(),
  applied: z.number(),
  failed: z.number(),
  results: z.array(
    z.object({
      document: z.number(),
      object: z.string(),
      namespace: z.string().optional(),
      result: outcome,
      error: z.string().optional(),
    }),
  ),
});
type DocumentResult = z.infer<typeof outputSchema>['results'][number];

@McpTool()
export class KubectlApplyTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_apply';
  readonly title = 'Apply Kubernetes manifests';
  readonly description = [
    'Create or update objects from YAML/JSON manifests with server-side apply, like `kubectl apply --server-side`.',
    'Accepts several documents separated by "---"; each gets its own result (created, configured, unchanged) or its own error from the API server, and the others still apply.',
    'Use dryRun=true to validate first.',
    'Example: {"yaml":"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: settings\\ndata:\\n  mode: fast","namespace":"default"}.',
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

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const documents = await parseManifest(input.yaml);
      if (!documents.length) throw new ToolInputError('The yaml parameter holds no documents');
      const connection = this.access.connect(input.context, ctx.caller);
      const plans = await planDocuments(connection, documents, input.namespace);
      Object.assign(target, commonTarget(plans));
      assertMayApply(ctx.caller, plans);
      const results: DocumentResult[] = [];
      let appliedCrd = false;
      for (const plan of plans) {
        const result = await this.applyOne(connection, plan, input, ctx, appliedCrd);
        results.push({ document: plan.document, ...result });
        if (plan.object?.kind === 'CustomResourceDefinition' && result.result !== 'failed')
          appliedCrd = true;
      }
      const failed = results.filter((result) => result.result === 'failed').length;
      const suffix = input.dryRun ? ' (server dry run)' : '';
      const lines = results.map((result) => {
        if (!result.error) return `${result.object} ${result.result}${suffix}`;
        const which = result.object === '?' ? '' : ` ${result.object}`;
        return `error: document ${result.document}${which}: ${result.error}`;
      });
      const summary = failed ? `${failed} of ${results.length} documents failed:\n` : '';
      const structured = {
        dryRun: Boolean(input.dryRun),
        applied: results.length - failed,
        failed,
        results,
      };
      if (failed === results.length)
        return { ...toolFailure(`${summary}${lines.join('\n')}`), structuredContent: structured };
      return toolSuccess(`${summary}${lines.join('\n')}`, structured);
    });
  }

  private async applyOne(
    connection: ClusterConnection,
    plan: PlannedDocument,
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    waitForKind: boolean,
  ): Promise<Omit<DocumentResult, 'document'>> {
    const object = plan.object;
    const failed = (error: string) => ({
      object: plan.label,
      ...(plan.namespace ? { namespace: plan.namespace } : {}),
      result: 'failed' as const,
      error,
    });
    if (plan.error !== undefined || !object) return failed(plan.error ?? 'not applicable');
    const target: ErrorTarget = { name: object.metadata!.name, namespace: plan.namespace };
    try {
      if (!plan.type) {
        placeDocument(
          plan,
          await this.resolveKind(connection, object, waitForKind),
          connection,
          input.namespace,
        );
        // A kind that was not served while planning is checked now, on its own.
        const refusals = applyRefusals(ctx.caller, [plan]);
        if (refusals.length) return failed(refusals.join('; '));
      }
      Object.assign(target, { type: plan.type, namespace: plan.namespace });
      const before = await this.current(connection, plan.path!, ctx.signal);
      const body = {
        ...object,
        metadata: { ...object.metadata, ...(plan.namespace ? { namespace: plan.namespace } : {}) },
      };
      const after = await connection.http.json<KubernetesObject>({
        method: 'PATCH',
        path: plan.path!,
        body,
        contentType: 'application/apply-patch+yaml',
        signal: ctx.signal,
        query: {
          fieldManager: FIELD_MANAGER,
          force: input.force || undefined,
          dryRun: input.dryRun ? 'All' : undefined,
        },
      });
      return {
        object: plan.label,
        ...(plan.namespace ? { namespace: plan.namespace } : {}),
        result: classify(before, after),
      };
    } catch (error) {
      return failed(describeKubernetesError(error, target));
    }
  }

  private async resolveKind(
    connection: ClusterConnection,
    object: KubernetesObject,
    waitForKind: boolean,
  ): Promise<ApiResource> {
    // A CRD applied earlier in the same request takes a moment to be served.
    for (let attempt = 0; ; attempt++) {
      try {
        return await connection.resolveKind(object.apiVersion!, object.kind!);
      } catch (error) {
        if (!waitForKind || attempt >= 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async current(
    connection: ClusterConnection,
    path: string,
    signal: AbortSignal,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await connection.http.json<KubernetesObject>({ path, signal });
    } catch (error) {
      if (error instanceof KubernetesApiError && error.statusCode === 404) return undefined;
      throw error;
    }
  }
}

/** created / configured / unchanged, comparing what the server stored (or would store on a dry run). */
export function classify(
  before: KubernetesObject | undefined,
  after: KubernetesObject,
): 'created' | 'configured' | 'unchanged' {
  if (!before) return 'created';
  return comparable(before) === comparable(after) ? 'unchanged' : 'configured';
}

function comparable(object: KubernetesObject): string {
  const { metadata = {}, status: _status, ...rest } = object;
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = metadata;
  return JSON.stringify({ ...rest, metadata: meta });
}
