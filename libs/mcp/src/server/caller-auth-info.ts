import type { AuthInfo } from '@modelcontextprotocol/server';

import { ANONYMOUS_ADMIN, type Caller } from '../registry/caller.js';

/**
 * The SDK passes `AuthInfo` from the HTTP edge to every request handler; the caller built by
 * the auth guard travels in its `extra` so handlers see who is calling on every transport.
 */
export function authInfoFor(caller: Caller): AuthInfo {
  return { token: '', clientId: caller.subject, scopes: [...caller.roles], extra: { caller } };
}

/** Raised when authentication is on but no caller reached an MCP handler: never act as anyone. */
export class MissingCallerError extends Error {
  override name = 'MissingCallerError';

  constructor() {
    super(
      'No authenticated caller reached the MCP handler although AUTH_ENABLED=true; send "Authorization: Bearer <token>" and retry',
    );
  }
}

/**
 * The caller of one request. Without HTTP auth info it is the connection's own caller (the
 * local user in stdio mode, the anonymous admin when auth is off); with neither, the request
 * is refused rather than run as anyone.
 */
export function callerFrom(
  context: { http?: { authInfo?: AuthInfo } },
  connectionCaller: Caller | undefined,
): Caller {
  return callerOr(context.http?.authInfo?.extra?.['caller'], connectionCaller);
}

/** `req.user` as the auth guard leaves it; the anonymous admin only when auth is off. */
export function callerOfRequest(user: unknown, authEnabled: boolean): Caller {
  return callerOr(user, authEnabled ? undefined : ANONYMOUS_ADMIN);
}

function callerOr(candidate: unknown, fallback: Caller | undefined): Caller {
  if (isCaller(candidate)) return candidate;
  if (fallback) return fallback;
  throw new MissingCallerError();
}

function isCaller(value: unknown): value is Caller {
  const candidate = value as Partial<Caller> | undefined;
  return (
    typeof candidate?.subject === 'string' &&
    Array.isArray(candidate.roles) &&
    Array.isArray(candidate.namespaces) &&
    typeof candidate.capabilities === 'object' &&
    candidate.capabilities !== null &&
    Array.isArray(candidate.capabilities.tools)
  );
}
