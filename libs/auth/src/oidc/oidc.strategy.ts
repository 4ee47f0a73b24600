import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { errors, type JWTPayload } from 'jose';

import { CallerFactory } from '../caller.factory.js';
import { bearerToken } from '../guards/bearer-token.js';
import { RequestStrategy } from '../request.strategy.js';
import { OidcIssuerUnavailableError, OidcVerifier } from './oidc-verifier.js';

export const OIDC_STRATEGY = 'oidc';

/** Accepts RS256/ES256 bearer tokens from the OIDC issuer and maps their group claim to roles. */
@Injectable()
export class OidcStrategy extends PassportStrategy(RequestStrategy, OIDC_STRATEGY) {
  private readonly verifier: OidcVerifier;

  constructor(
    private readonly config: AppConfig,
    private readonly callers: CallerFactory,
  ) {
    super();
    this.verifier = new OidcVerifier(config.auth.oidc!);
  }

  async validate(req: Request): Promise<Caller> {
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedException('Missing bearer token');
    let payload: JWTPayload;
    try {
      payload = await this.verifier.verify(token);
    } catch (error) {
      throw translateOidcError(error);
    }
    const { usernameClaim, rolesClaim } = this.config.auth.oidc!;
    const subject = claimAt(payload, usernameClaim);
    if (typeof subject !== 'string' || subject === '') {
      throw new UnauthorizedException(
        `OIDC token has no "${usernameClaim}" claim to name the user (OIDC_USERNAME_CLAIM)`,
      );
    }
    const raw = claimAt(payload, rolesClaim);
    const groups = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).filter(
      (group): group is string => typeof group === 'string',
    );
    return this.callers.fromGroups(subject, groups);
  }
}

/** Reads a claim by dotted path, e.g. realm_access.roles. */
function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | undefined)?.[key],
      payload,
    );
}

function translateOidcError(error: unknown): Error {
  if (error instanceof OidcIssuerUnavailableError) {
    return new ServiceUnavailableException(
      `${error.message}; tokens cannot be checked until the issuer answers`,
    );
  }
  if (error instanceof errors.JWTExpired)
    return new UnauthorizedException('Token has expired; sign in again');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UnauthorizedException(
      `Token claim "${error.claim}" is not accepted: ${error.reason === 'check_failed' ? error.message : error.reason}`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new UnauthorizedException(
      'Token algorithm is not accepted; OIDC tokens must be RS256 or ES256',
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new UnauthorizedException('Token is signed with a key the OIDC issuer does not publish');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new UnauthorizedException('Token signature is invalid');
  }
  if (error instanceof errors.JOSEError)
    return new UnauthorizedException(`Token is invalid: ${error.message}`);
  if (error instanceof errors.JWKSTimeout || error instanceof TypeError) {
    return new ServiceUnavailableException(
      'Cannot fetch the OIDC issuer signing keys; try again shortly',
    );
  }
  return error as Error;
}
