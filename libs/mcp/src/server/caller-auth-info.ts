import type { AuthInfo } from '@modelcontextprotocol/server';

import { ANONYMOUS_ADMIN, type Caller } from '../registry/caller.js';

/**
 * The SDK passes `AuthInfo` from the HTTP edge to every request handler; the caller built by
 * the auth guard travels in its `extra` so handlers see who is calling on every transport.
 */
export function authInfoFor(caller: Caller): AuthInfo {
  return { token: '', clientId: caller.subject, scopes: [...caller.roles], extra: { caller } };
}

/**
 * The caller of one request. Without HTTP auth info (stdio, or auth disabled) it is the
 * connection's own caller: the local user in stdio mode, the anonymous admin otherwise.
 */
export function callerFrom(
  context: { http?: { authInfo?: AuthInfo } },
  connectionCaller: Caller = ANONYMOUS_ADMIN,
): Caller {
  const caller = context.http?.authInfo?.extra?.['caller'] as Caller | undefined;
  return caller ?? connectionCaller;
}

/** `req.user` as the auth guard leaves it, or the anonymous admin when auth is off. */
export function callerOfRequest(user: unknown): Caller {
  const candidate = user as Partial<Caller> | undefined;
  if (candidate && typeof candidate.subject === 'string' && Array.isArray(candidate.roles)) {
    return { namespaces: ['*'], ...candidate } as Caller;
  }
  return ANONYMOUS_ADMIN;
}
