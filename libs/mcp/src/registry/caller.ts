/**
 * Who is calling, as every MCP handler sees it. The auth layer builds it from a verified
 * token (local JWT, OIDC or trusted proxy); with auth disabled it is the anonymous admin.
 */
export interface Caller {
  /** User name (`sub` claim). */
  subject: string;
  /** Built-in roles (viewer, operator, admin) or roles from the policy file. */
  roles: string[];
  /** Namespaces the caller may touch; `['*']` means all. */
  namespaces: string[];
  /** Groups from the identity provider, passed on when impersonating. */
  groups?: string[];
}

export const ANONYMOUS_ADMIN: Caller = Object.freeze({
  subject: 'anonymous',
  roles: ['admin'],
  namespaces: ['*'],
}) as Caller;
