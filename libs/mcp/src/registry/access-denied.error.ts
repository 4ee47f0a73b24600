/**
 * The one refusal of the authorization model: the caller's capabilities do not allow what it
 * asked for (a tool, a namespace, an RBAC write, a pod below its Pod Security level, an
 * unconfirmed change). The tool invoker records it as outcome `denied` in metrics and audit.
 * The message says what was refused and what the caller can do instead.
 */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
}
