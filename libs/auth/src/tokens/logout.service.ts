import type { Caller } from '#mcp';
import { BadRequestException, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { AuditLogger } from '../audit/audit.logger.js';
import { presentedCredential } from '../credential.js';
import { ApiTokensService } from './api-tokens.service.js';
import { TokenRevocations } from './token-revocations.js';

export interface LogoutResponse {
  revoked: true;
  /** `jti` of the revoked login token, or id of the revoked API token. */
  token_id: string;
  /** When the revocation lapses: the token's own expiry. */
  revoked_until: string;
}

/** POST /auth/logout: the presented login or API token stops working on every replica. */
@Injectable()
export class LogoutService {
  constructor(
    private readonly revocations: TokenRevocations,
    private readonly apiTokens: ApiTokensService,
    private readonly audit: AuditLogger,
  ) {}

  async logout(req: Request & { user?: Caller }): Promise<LogoutResponse> {
    const credential = presentedCredential(req);
    if (!credential) {
      throw new BadRequestException(
        'This request was not authenticated with a token issued by this server (POST /auth/login); sign out at your identity provider or auth proxy instead',
      );
    }
    const apiToken = credential.kind === 'api-token';
    if (apiToken) await this.apiTokens.revokePresented(credential.id);
    else await this.revocations.revoke(credential.id, credential.expiresAt);
    this.audit.credential({
      action: apiToken ? 'api_token_revoked' : 'logout',
      user: req.user?.subject ?? '',
      tokenId: credential.id,
      sourceIp: req.ip,
    });
    return {
      revoked: true,
      token_id: credential.id,
      // An API token is deleted outright; a login token is listed until its own expiry.
      revoked_until: new Date(apiToken ? Date.now() : credential.expiresAt * 1000).toISOString(),
    };
  }
}
