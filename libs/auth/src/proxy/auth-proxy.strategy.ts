import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';

import { CallerFactory } from '../caller.factory.js';
import { RequestStrategy } from '../request.strategy.js';

export const AUTH_PROXY_STRATEGY = 'auth-proxy';
const USER_NAME = /^[A-Za-z0-9._@:/-]{1,256}$/;

/**
 * Trusted auth-proxy mode: an SSO proxy in front of the server has authenticated the user and
 * names them (and their groups) in headers. Only used for requests whose TCP peer is one of
 * AUTH_PROXY_TRUSTED_IPS (the guard checks that before choosing this strategy).
 */
@Injectable()
export class AuthProxyStrategy extends PassportStrategy(RequestStrategy, AUTH_PROXY_STRATEGY) {
  constructor(
    private readonly config: AppConfig,
    private readonly callers: CallerFactory,
  ) {
    super();
  }

  validate(req: Request): Caller {
    const { userHeader, groupsHeader } = this.config.auth.proxy!;
    const user = singleHeader(req, userHeader);
    if (!user || !USER_NAME.test(user)) {
      throw new UnauthorizedException(`The auth proxy sent no usable user name in ${userHeader}`);
    }
    const groups = groupsHeader
      ? (singleHeader(req, groupsHeader) ?? '')
          .split(',')
          .map((group) => group.trim())
          .filter(Boolean)
      : [];
    return this.callers.fromGroups(user, groups);
  }
}

function singleHeader(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value?.trim();
}
