import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { CallerFactory } from '../caller.factory.js';
import { LOCAL_TOKEN_ALGORITHM } from './login-token.service.js';

export const LOCAL_JWT_STRATEGY = 'jwt';

interface LocalTokenPayload {
  sub?: unknown;
  roles?: unknown;
  namespaces?: unknown;
}

/**
 * Verifies tokens issued by POST /auth/login: HS256 only (so "none" and public-key tricks
 * fail), with the configured issuer and audience and an unexpired `exp`.
 */
@Injectable()
export class LocalJwtStrategy extends PassportStrategy(Strategy, LOCAL_JWT_STRATEGY) {
  constructor(
    config: AppConfig,
    private readonly callers: CallerFactory,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret!.reveal(),
      algorithms: [LOCAL_TOKEN_ALGORITHM],
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
  }

  validate(payload: LocalTokenPayload): Caller {
    return this.callers.fromIdentity({
      subject: typeof payload.sub === 'string' ? payload.sub : '',
      roles: stringArray(payload.roles),
      namespaces: payload.namespaces === undefined ? ['*'] : stringArray(payload.namespaces),
    });
  }
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
