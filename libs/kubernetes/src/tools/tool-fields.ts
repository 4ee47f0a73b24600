import { z } from 'zod';

import { MAX_RESOURCE_TYPE_LENGTH } from '../api/api-resource.js';

/**
 * The string parameters Kubernetes tools and prompts share, each with the longest value
 * Kubernetes itself accepts (or a generous practical bound), so no caller can hand the server
 * megabytes of text to match, compare or send on. Limits follow the API's own rules.
 */
export const LIMITS = {
  /** DNS subdomain names (most object names; a CRD is named `<plural>.<group>`). */
  name: 253,
  /** DNS labels: namespaces and container names. */
  label: 63,
  /** Label and field selectors: many `key=value` terms, keys up to 317 characters. */
  selector: 2048,
  /** kubeconfig context names. */
  context: 253,
  /** A grep pattern: enough for alternatives such as "error|timeout|refused". */
  pattern: 500,
  /** A list continue token (base64 of the last key and resource version). */
  continueToken: 4096,
  /** One argument of an exec command. */
  commandArgument: 4096,
  /** A container image reference (registry/path:tag@digest). */
  image: 512,
  /**
   * Manifests for kubectl_apply. A ConfigMap or Secret holds at most 1 MiB, and every byte of a
   * manifest costs main-thread time after parsing (copying the parsed objects out of the parser's
   * worker, serialising them for the API server), so 1 MiB keeps one caller's apply short.
   */
  manifest: 1024 * 1024,
} as const;

// `context` and `namespace` appear in nearly every tool: what they mean is said once, in
// kubectl_contexts and in the server's instructions, not again in every tool's schema.
export const contextField = z.string().min(1).max(LIMITS.context).optional();

// The length check comes first and aborts: a pattern never runs over an over-long value.
export const namespaceField = z
  .string()
  .max(LIMITS.label, { abort: true })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name such as "default"')
  .optional();

export const resourceField = z
  .string()
  .min(1)
  .max(MAX_RESOURCE_TYPE_LENGTH)
  .describe('Plural, kind or short name, e.g. "pods", "deploy"');

export const nameField = z
  .string()
  .min(1)
  .max(LIMITS.name, { abort: true })
  .regex(
    /^[a-zA-Z0-9]([-a-zA-Z0-9._:]*[a-zA-Z0-9])?$/,
    'must be an object name such as "web-7d4b9"',
  );

export const containerField = z
  .string()
  .min(1)
  .max(LIMITS.label)
  .optional()
  .describe('If the pod has several');

export const labelSelectorField = z.string().min(1).max(LIMITS.selector).optional();

export const fieldSelectorField = z.string().min(1).max(LIMITS.selector).optional();

export const patternField = z.string().min(1).max(LIMITS.pattern).optional();
