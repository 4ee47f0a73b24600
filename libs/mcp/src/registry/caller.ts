/**
 * Who is calling, as every MCP handler sees it. The auth layer builds it from a verified
 * token (local JWT, OIDC or trusted proxy) and computes its capabilities once, from its roles
 * and the policy file; with auth disabled it is the anonymous admin. It is plain data, so it
 * survives being forwarded to another replica (SSE sessions over Redis).
 */
export interface Caller {
  /** User name (`sub` claim). */
  subject: string;
  /** Built-in roles (viewer, operator, admin) or roles from the policy file (for logs only). */
  roles: string[];
  /** Namespaces the caller may touch; `['*']` means all (and cluster-scoped objects). */
  namespaces: string[];
  /** Groups from the identity provider, passed on when impersonating. */
  groups?: string[];
  /** What the caller may do; handlers ask these, never the role names. */
  capabilities: CallerCapabilities;
}

/** Kubernetes Pod Security Standards levels, from most to least permissive. */
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

export const TOOL_HINTS = [
  'readOnlyHint',
  'destructiveHint',
  'idempotentHint',
  'openWorldHint',
] as const;
export type ToolHint = (typeof TOOL_HINTS)[number];

/**
 * Tools a grant allows: by name (`'*'` for every tool), or every tool whose MCP annotations
 * all have the listed values (a left-out annotation has its MCP default).
 */
export interface ToolGrant {
  tools?: string[];
  annotations?: Partial<Record<ToolHint, boolean>>;
}

export type UnconfirmedCall = 'allow' | 'refuse';

export interface ConfirmationRules {
  /** Tools that ask before every call, on top of destructive and broad calls. */
  alwaysAsk: string[];
  /**
   * What happens to a call that needs confirmation when the client cannot answer an
   * elicitation: by tool name, `'*'` for every other tool.
   */
  withoutElicitation: Record<string, UnconfirmedCall>;
}

export interface CallerCapabilities {
  /** Tools the caller may see and call (any grant allowing a tool is enough). */
  tools: ToolGrant[];
  /** Whether Secret values (data, stringData, last-applied annotation) may be shown. */
  revealSecrets: boolean;
  /**
   * Whether Secrets may be written (also as a dry run or diff). Whoever writes a Secret can
   * confirm a guessed value from the result, so this is never given by default to roles that
   * may not see the value anyway.
   */
  writeSecrets: boolean;
  /** Whether RBAC objects (roles, bindings) may be written with the server's credentials. */
  writeRbac: boolean;
  /** Pod Security Standards level every written pod template must meet. */
  podSecurity: PodSecurityLevel;
  confirmation: ConfirmationRules;
}

/**
 * The built-in admin's capabilities before the policy file adjusts them. Secret values are
 * masked even for admins: they would otherwise be sent to the language model's provider.
 */
export const ADMIN_CAPABILITIES: CallerCapabilities = Object.freeze({
  tools: [{ tools: ['*'] }],
  revealSecrets: false,
  writeSecrets: true,
  writeRbac: true,
  podSecurity: 'privileged',
  confirmation: { alwaysAsk: [], withoutElicitation: { '*': 'allow' } },
}) as CallerCapabilities;

export const ANONYMOUS_ADMIN: Caller = Object.freeze({
  subject: 'anonymous',
  roles: ['admin'],
  namespaces: ['*'],
  capabilities: ADMIN_CAPABILITIES,
}) as Caller;
