import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { CallerFactory } from '../caller.factory.js';
import { rememberCredential } from '../credential.js';
import { TokenRevocations } from '../tokens/token-revocations.js';
import { loginTokenProblem, type LoginTokenPayload } from './login-token-claims.js';
import { LOCAL_TOKEN_ALGORITHM } from './login-token.service.js';
import { UsersStore } from './users.store.js';

export const LOCAL_JWT_STRATEGY = 'jwt';
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Verifies tokens issued by POST /auth/login: HS256 only (so "none" and public-key tricks
 * fail), with the configured issuer and audience, an unexpired `exp`, a `jti` and a lifetime
 * within JWT_MAX_LIFETIME, not revoked by POST /auth/logout. The token only says who the caller is: roles and namespaces come
 * from the users file as it is now, and a user no longer in it is refused.
 */
@Injectable()
export class LocalJwtStrategy extends PassportStrategy(Strategy, LOCAL_JWT_STRATEGY) {
  private readonly maxLifetimeSeconds: number;

  constructor(
    config: AppConfig,
    private readonly callers: CallerFactory,
    private readonly users: UsersStore,
    private readonly revocations: TokenRevocations,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret!.reveal(),
      algorithms: [LOCAL_TOKEN_ALGORITHM],
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
      passReqToCallback: true,
    });
    this.maxLifetimeSeconds = config.auth.jwtMaxLifetimeSeconds;
  }

  async validate(req: Request, payload: LoginTokenPayload): Promise<Caller> {
    const problem = loginTokenProblem(
      payload,
      this.maxLifetimeSeconds,
      Math.floor(Date.now() / 1000),
      CLOCK_TOLERANCE_SECONDS,
    );
    if (problem) throw new UnauthorizedException(problem);
    if (await this.revocations.isRevoked(payload.jti as string)) {
      throw new UnauthorizedException(
        'Token was revoked (signed out with POST /auth/logout); sign in again with POST /auth/login',
      );
    }
    const subject = payload.sub as string;
    const user = this.users.find(subject);
    if (!user) {
      throw new UnauthorizedException(
        `User "${subject}" is not a local account (not in the users file, or removed from it), so its tokens are refused; ask an administrator, then sign in again with POST /auth/login`,
      );
    }
    rememberCredential(req, {
      kind: 'login-token',
      id: payload.jti as string,
      expiresAt: payload.exp as number,
    });
    return this.callers.fromIdentity({
      subject: user.name,
      roles: user.roles,
      namespaces: user.namespaces,
    });
  }
}
