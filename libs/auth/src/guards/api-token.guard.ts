import type { Caller } from '#mcp';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { ApiTokensService } from '../tokens/api-tokens.service.js';
import { bearerToken } from './bearer-token.js';

/** Authenticates `Authorization: Bearer mcpk_...` (a per-user API token) on any route. */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(private readonly tokens: ApiTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: Caller }>();
    req.user = await this.tokens.authenticate(bearerToken(req) ?? '', req);
    return true;
  }
}
