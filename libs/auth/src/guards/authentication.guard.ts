import { AppConfig } from '#config';
import { ANONYMOUS_ADMIN, type Caller } from '#mcp';
import { currentRequestContext } from '#observability';
import {
  Injectable,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { decodeProtectedHeader } from 'jose';

import { presentedCredential } from '../credential.js';
import { OIDC_ALGORITHMS } from '../oidc/oidc-verifier.js';
import { TrustedProxies } from '../proxy/trusted-proxies.js';
import { IS_PUBLIC_KEY } from '../public.decorator.js';
import { looksLikeApiToken } from '../tokens/api-token-secret.js';
import { ApiTokenGuard } from './api-token.guard.js';
import { bearerToken } from './bearer-token.js';
import { AuthProxyGuard, LocalJwtGuard, OidcGuard } from './passport-guards.js';

/**
 * The global authentication guard. Public routes pass; with AUTH_ENABLED=false every request
 * is the anonymous admin. Otherwise it picks the one verifier that fits the request: trusted
 * proxy headers, a per-user API token (`mcpk_...`), an HS256 login token, or an RS256/ES256
 * OIDC token, and sets req.user to
 * the Caller. Choosing by algorithm up front means no token is ever tried against the wrong key.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly proxies: TrustedProxies;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    @Optional() private readonly localJwt?: LocalJwtGuard,
    @Optional() private readonly oidc?: OidcGuard,
    @Optional() private readonly proxy?: AuthProxyGuard,
    @Optional() private readonly apiTokens?: ApiTokenGuard,
  ) {
    this.proxies = new TrustedProxies(config.auth.proxy?.trustedIps ?? []);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    if (!this.config.auth.enabled) {
      req.user = ANONYMOUS_ADMIN;
      const requestContext = currentRequestContext();
      if (requestContext) requestContext.sourceIp = req.ip;
      return true;
    }
    const verifier = this.verifierFor(req);
    await verifier.canActivate(context);
    const requestContext = currentRequestContext();
    if (requestContext && req.user) {
      requestContext.user = req.user.subject;
      requestContext.sourceIp = req.ip;
      const credential = presentedCredential(req);
      if (credential?.kind === 'api-token') requestContext.apiToken = credential.id;
    }
    return true;
  }

  private verifierFor(req: Request): CanActivate {
    const proxy = this.config.auth.proxy;
    if (
      proxy &&
      this.proxy &&
      req.headers[proxy.userHeader] &&
      this.proxies.includes(req.socket.remoteAddress)
    ) {
      return this.proxy;
    }
    const token = bearerToken(req);
    if (!token) {
      throw new UnauthorizedException(
        'Missing bearer token: send "Authorization: Bearer <token>" (get one from POST /auth/login or your identity provider)',
      );
    }
    if (this.apiTokens && looksLikeApiToken(token)) return this.apiTokens;
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthorizedException(
        'Bearer token is not a JWT (expected header.payload.signature)',
      );
    }
    if (algorithm === 'HS256' && this.localJwt) return this.localJwt;
    if (algorithm && OIDC_ALGORITHMS.includes(algorithm) && this.oidc) return this.oidc;
    const accepted = ['HS256', ...(this.oidc ? OIDC_ALGORITHMS : [])].join(', ');
    throw new UnauthorizedException(
      `Token algorithm "${algorithm ?? 'missing'}" is not accepted (accepted: ${accepted})`,
    );
  }
}
