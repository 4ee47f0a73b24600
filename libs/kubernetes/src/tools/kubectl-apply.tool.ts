import {
  AccessDeniedError,
  McpTool,
  type Caller,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '#mcp';
import { z } from 'zod';

import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess, type ClusterConnection } from '../cluster-access.js';
import { describeKubernetesError, type ErrorTarget } from '../kubernetes-errors.js';
import { objectDiff, removedPaths } from '../output/object-diff.js';
import { capText } from '../output/output-limit.js';
import { applyRefusals, assertMayApply } from './apply-access.js';
import { assertResultsMeetPodSecurity } from './apply-result-pod-security.js';
import { commonTarget, placeDocument, planDocuments, type PlannedDocument } from './apply-plan.js';
import { classify, resolveKindWaiting, serverApply } from './apply-writer.js';
import { parseManifest } from './manifest-documents.js';
import { LIMITS, contextField, namespaceField } from './tool-fields.js';
import { runPreview, runTool, toolFailure, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  yaml: z
    .string()
    .min(1)
    .max(LIMITS.manifest)
    .describe('Manifests: YAML documents separated by "---", or JSON'),
  namespace: namespaceField.describe('For objects that name none'),
  dryRun: z.boolean().optional().describe('Validate only'),
  diff: z.boolean().optional().describe('Unified diff against the live objects; writes nothing'),
  force: z.boolean().optional().describe('Take over fields another manager owns (apply conflicts)'),
  context: contextField,
});

const outcome = z.enum(['created', 'configured', 'unchanged', 'changed', 'failed']);
const outputSchema = z.object({
  dryRun: z.boolean(),
  diff: z.boolean(),
  applied: z.number(),
  failed: z.number(),
  results: z.array(
    z.object({
      document: z.number(),
      object: z.string(),
      namespace: z.string().optional(),
      result: outcome,
      /** Unified diff against the live object (diff mode). */
      diff: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});
type DocumentResult = z.infer<typeof outputSchema>['results'][number];
type Input = z.infer<typeof inputSchema>;

@McpTool()
export class KubectlApplyTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_apply';
  readonly title = 'Apply Kubernetes manifests';
  readonly description = [
    'Create or update objects from manifests (server-side apply), like `kubectl apply`.',
    'Each document gets its own result or error.',
    'Example: {"yaml":"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: settings\\ndata:\\n  mode: fast"}.',
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

  call(input: Input, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const documents = await parseManifest(input.yaml);
      if (!documents.length) throw new ToolInputError('The yaml parameter holds no documents');
      const connection = this.access.connect(input.context, ctx.caller);
      const plans = await planDocuments(connection, documents, input.namespace);
      Object.assign(target, commonTarget(plans));
      assertMayApply(ctx.caller, plans);
      await assertResultsMeetPodSecurity(connection, ctx.caller, plans, {
        force: input.force,
        signal: ctx.signal,
      });
      const results: DocumentResult[] = [];
      let appliedCrd = false;
      const outcomes = new Map<PlannedDocument, DocumentResult>();
      for (const plan of plans) {
        const required = plan.requires && outcomes.get(plan.requires);
        const result =
          required?.result === 'failed'
            ? refusedAfter(plan, required)
            : await this.applyOne(connection, plan, input, ctx, appliedCrd);
        results.push({ document: plan.document, ...result });
        outcomes.set(plan, results[results.length - 1]!);
        if (plan.object?.kind === 'CustomResourceDefinition' && result.result !== 'failed')
          appliedCrd = true;
      }
      // Each diff gets its share of the output limit, in the text and in structuredContent alike.
      const budget = Math.floor(this.access.maxOutputChars / results.length);
      for (const result of results)
        if (result.diff)
          result.diff = capText(result.diff, budget, 'diff fewer documents at a time').text;
      const failed = results.filter((result) => result.result === 'failed').length;
      const text = report(results, input, this.access.maxOutputChars);
      const structured = {
        dryRun: Boolean(input.dryRun || input.diff),
        diff: Boolean(input.diff),
        applied: results.length - failed,
        failed,
        results,
      };
      if (failed === results.length) return { ...toolFailure(text), structuredContent: structured };
      return toolSuccess(text, structured);
    });
  }

  /**
   * An apply that deletes or replaces (it removes fields from a live object, or takes over
   * other managers' fields with force), or any apply when the policy always asks: a person
   * sees the diff first. Finding removed fields takes a server-side dry run of each document.
   */
  async confirmation(
    input: Input,
    ctx: ToolCallContext,
    policyAsks: boolean,
  ): Promise<ConfirmationRequest | undefined> {
    if (input.dryRun || input.diff) return undefined;
    return runPreview(ctx, input.context, async (target) => {
      const documents = await parseManifest(input.yaml);
      const connection = this.access.connect(input.context, ctx.caller);
      const plans = await planDocuments(connection, documents, input.namespace);
      Object.assign(target, commonTarget(plans));
      assertMayApply(ctx.caller, plans);
      await assertResultsMeetPodSecurity(connection, ctx.caller, plans, {
        force: input.force,
        signal: ctx.signal,
      });
      const reveal = ctx.caller.capabilities.revealSecrets;
      const previews: string[] = [];
      const removals: string[] = [];
      for (const plan of plans.filter((candidate) => candidate.type && !candidate.error)) {
        try {
          const { before, after } = await serverApply(connection, plan, {
            dryRun: true,
            force: input.force,
            signal: ctx.signal,
          });
          const removed = before ? removedPaths(before, after) : [];
          if (removed.length) removals.push(`${plan.label}: ${removed.join(', ')}`);
          const { result, diff } = objectDiff(plan.label, before, after, reveal);
          previews.push(`${plan.label} ${result}${diff ? `\n${diff}` : ''}`);
        } catch (error) {
          previews.push(`${plan.label}: ${describeKubernetesError(error)}`);
        }
      }
      if (!input.force && !policyAsks && !removals.length) return undefined;
      const takeover = input.force ? ', taking over fields other managers own (force)' : '';
      const removing = removals.length
        ? `, removing fields from live objects (${removals.join('; ')})`
        : '';
      return {
        summary: `Apply ${plans.length} document${plans.length === 1 ? '' : 's'}${takeover}${removing}`,
        details: previews.join('\n'),
      };
    });
  }

  private async applyOne(
    connection: ClusterConnection,
    plan: PlannedDocument,
    input: Input,
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
        const type = await resolveKindWaiting(connection, object, waitForKind);
        placeDocument(plan, type, connection, input.namespace);
        // A kind that was not served while planning is checked now, on its own.
        const refusals = applyRefusals(ctx.caller, [plan]);
        if (refusals.length) return failed(refusals.join('; '));
        const merged = await mergedResultRefusal(connection, ctx.caller, plan, input, ctx.signal);
        if (merged) return failed(merged);
      }
      Object.assign(target, { type: plan.type, namespace: plan.namespace });
      const { before, after } = await serverApply(connection, plan, {
        dryRun: Boolean(input.dryRun || input.diff),
        force: input.force,
        signal: ctx.signal,
      });
      const where = plan.namespace ? { namespace: plan.namespace } : {};
      if (!input.diff) return { object: plan.label, ...where, result: classify(before, after) };
      const reveal = ctx.caller.capabilities.revealSecrets;
      const { result, diff } = objectDiff(plan.label, before, after, reveal);
      return { object: plan.label, ...where, result, ...(diff ? { diff } : {}) };
    } catch (error) {
      return failed(describeKubernetesError(error, target));
    }
  }
}

/** The answer text: one line per document, each diff under its line, within the output limit. */
function report(results: DocumentResult[], input: Input, maxChars: number): string {
  const failed = results.filter((result) => result.result === 'failed').length;
  const suffix = input.diff ? ' (diff, nothing written)' : input.dryRun ? ' (server dry run)' : '';
  const lines = results.map((result) => {
    if (result.error) {
      const which = result.object === '?' ? '' : ` ${result.object}`;
      return `error: document ${result.document}${which}: ${result.error}`;
    }
    return `${result.object} ${result.result}${suffix}${result.diff ? `\n${result.diff}` : ''}`;
  });
  const summary = failed ? `${failed} of ${results.length} documents failed:\n` : '';
  return capText(
    `${summary}${lines.join('\n')}`,
    maxChars,
    'apply fewer documents at a time to see every diff',
  ).text;
}

/** What the merged-result check says of one document resolved late: a refusal or its error. */
async function mergedResultRefusal(
  connection: ClusterConnection,
  caller: Caller,
  plan: PlannedDocument,
  input: Input,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    await assertResultsMeetPodSecurity(connection, caller, [plan], { force: input.force, signal });
  } catch (error) {
    if (error instanceof AccessDeniedError) return error.message;
    throw error;
  }
  return plan.error;
}

/** The result of a document not written because the earlier one it needs was not. */
function refusedAfter(
  plan: PlannedDocument,
  required: DocumentResult,
): Omit<DocumentResult, 'document'> {
  return {
    object: plan.label,
    ...(plan.namespace ? { namespace: plan.namespace } : {}),
    result: 'failed',
    error: `not applied, since document ${required.document} ${required.object}, which it targets, failed`,
  };
}
