import { AccessDeniedError, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { describeKubernetesError, type ErrorTarget } from '../kubernetes-errors.js';

/**
 * A tool's input object. Unknown parameters are refused rather than dropped: a misspelt
 * `namepsace` would otherwise run the call against the default namespace without a word.
 */
export function toolInput<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown parameter ${issue.keys.map((key) => `"${key}"`).join(', ')}; this tool takes ${
            Object.keys(shape).join(', ') || 'no parameters'
          }`
        : undefined,
  });
}

/**
 * MCP annotations of a tool that only reads from the cluster. The built-in roles are decided
 * by these hints (viewer: readOnlyHint), so read-only tools share one definition.
 */
export const READ_ONLY_CLUSTER_TOOL = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

/** A successful result: the compact text plus the same facts as structured content. */
export function toolSuccess(text: string, structuredContent: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent };
}

export function toolFailure(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/**
 * Runs a tool body; any failure becomes an `isError` result that names what failed, except a
 * refusal (AccessDeniedError), which the tool invoker records as `denied`. Whatever the body
 * put in its target is reported to the audit log, also when the call failed or was refused,
 * so the body fills it in before it checks access.
 */
export async function runTool(
  ctx: Pick<ToolCallContext, 'reportTarget'>,
  kubeContext: string | undefined,
  body: (target: ErrorTarget) => Promise<ToolResult>,
): Promise<ToolResult> {
  const target: ErrorTarget = {};
  try {
    return await body(target);
  } catch (error) {
    if (error instanceof AccessDeniedError) throw error;
    return toolFailure(describeKubernetesError(error, target));
  } finally {
    reportErrorTarget(ctx, kubeContext, target);
  }
}

/**
 * Runs the preview a person confirms before a destructive call: a refusal propagates as it
 * is; any other failure is thrown with the sentence a model can act on. Like runTool, it
 * reports the target, so a call refused already at the preview is audited with it.
 */
export async function runPreview<T>(
  ctx: Pick<ToolCallContext, 'reportTarget'>,
  kubeContext: string | undefined,
  body: (target: ErrorTarget) => Promise<T>,
): Promise<T> {
  const target: ErrorTarget = {};
  try {
    return await body(target);
  } catch (error) {
    if (error instanceof AccessDeniedError) throw error;
    throw new Error(describeKubernetesError(error, target), { cause: error });
  } finally {
    reportErrorTarget(ctx, kubeContext, target);
  }
}

function reportErrorTarget(
  ctx: Pick<ToolCallContext, 'reportTarget'>,
  kubeContext: string | undefined,
  target: ErrorTarget,
): void {
  const reported = {
    context: kubeContext,
    kind: target.type?.kind,
    namespace: target.type?.namespaced === false ? undefined : target.namespace,
    name: target.name,
  };
  if (Object.values(reported).some((value) => value !== undefined)) ctx.reportTarget(reported);
}

export function inNamespace(namespace: string | undefined): string {
  return namespace ? ` in namespace "${namespace}"` : '';
}
