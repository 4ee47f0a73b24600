import { AppConfig, durationToSeconds } from '#config';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';

import type { LoginResponse } from './login.dto.js';
import type { LocalUser } from './users-file.js';

/** The only algorithm local tokens are signed and verified with. */
export const LOCAL_TOKEN_ALGORITHM = 'HS256';

/** Claims of a token issued by POST /auth/login. */
export interface LocalTokenClaims {
  sub: string;
  roles: string[];
  namespaces: string[];
  iat: number;
  exp: number;
  iss: string;
  aud: string;
  jti: string;
}

/** Issues HS256 tokens for local accounts (JWT_SECRET, JWT_EXPIRES_IN, JWT_ISSUER, JWT_AUDIENCE). */
@Injectable()
export class LoginTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issue(user: LocalUser): Promise<LoginResponse> {
    const expiresIn = durationToSeconds(this.config.auth.jwtExpiresIn);
    const accessToken = await this.jwt.signAsync(
      { roles: user.roles, namespaces: user.namespaces },
      {
        algorithm: LOCAL_TOKEN_ALGORITHM,
        secret: this.config.auth.jwtSecret!.reveal(),
        subject: user.name,
        issuer: this.config.auth.jwtIssuer,
        audience: this.config.auth.jwtAudience,
        expiresIn,
        jwtid: randomUUID(),
      },
    );
    return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  }
}
