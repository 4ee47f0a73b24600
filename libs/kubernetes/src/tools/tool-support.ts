import type { ToolResult } from '#mcp';
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

/** Optional parameters every Kubernetes tool shares. */
export const contextField = z
  .string()
  .min(1)
  .optional()
  .describe('kubeconfig context (cluster) to use; omit for the default. See kubectl_contexts.');

export const namespaceField = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name such as "default"')
  .max(63)
  .optional()
  .describe('Namespace, e.g. "default"; omit for the server\'s default namespace.');

export const resourceField = z
  .string()
  .min(1)
  .describe(
    'Resource type: plural, singular, kind or short name, e.g. "pods", "deploy", "svc", "Ingress", a CRD plural.',
  );

export const nameField = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[a-zA-Z0-9]([-a-zA-Z0-9._:]*[a-zA-Z0-9])?$/,
    'must be an object name such as "web-7d4b9"',
  );

/** A successful result: the compact text plus the same facts as structured content. */
export function toolSuccess(text: string, structuredContent: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text }], structuredContent };
}

export function toolFailure(message: string): ToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Runs a tool body; any failure becomes an `isError` result that names what failed. */
export async function runTool(
  body: (target: ErrorTarget) => Promise<ToolResult>,
): Promise<ToolResult> {
  const target: ErrorTarget = {};
  try {
    return await body(target);
  } catch (error) {
    return toolFailure(describeKubernetesError(error, target));
  }
}

export function inNamespace(namespace: string | undefined): string {
  return namespace ? ` in namespace "${namespace}"` : '';
}
