import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

import { LOCAL_JWT_STRATEGY } from '../local/jwt.strategy.js';
import { OIDC_STRATEGY } from '../oidc/oidc.strategy.js';
import { AUTH_PROXY_STRATEGY } from '../proxy/auth-proxy.strategy.js';

/** Turns jsonwebtoken's terse errors into messages that say what was wrong and what to do. */
export function describeLocalTokenError(info: unknown): string {
  const error = info as { name?: string; message?: string; expiredAt?: Date } | undefined;
  const message = error?.message ?? '';
  if (error?.name === 'TokenExpiredError') {
    return `Token expired at ${error.expiredAt?.toISOString()}; sign in again with POST /auth/login`;
  }
  if (error?.name === 'NotBeforeError') return 'Token is not valid yet (nbf is in the future)';
  if (message.startsWith('jwt issuer invalid'))
    return 'Token issuer (iss) is not accepted by this server';
  if (message.startsWith('jwt audience invalid'))
    return 'Token audience (aud) is not accepted by this server';
  if (message === 'invalid signature')
    return 'Token signature is invalid (signed with another key, or altered)';
  if (message === 'invalid algorithm' || message === 'jwt signature is required') {
    return 'Token algorithm is not accepted; login tokens are HS256';
  }
  if (message === 'No auth token')
    return 'Missing bearer token: send Authorization: Bearer <token>';
  return `Token is invalid (${message || 'unreadable'}); sign in again with POST /auth/login`;
}

@Injectable()
export class LocalJwtGuard extends AuthGuard(LOCAL_JWT_STRATEGY) {
  override handleRequest<TUser>(error: unknown, user: TUser, info: unknown): TUser {
    if (error) throw error;
    if (!user) throw new UnauthorizedException(describeLocalTokenError(info));
    return user;
  }
}

@Injectable()
export class OidcGuard extends AuthGuard(OIDC_STRATEGY) {}

@Injectable()
export class AuthProxyGuard extends AuthGuard(AUTH_PROXY_STRATEGY) {}
