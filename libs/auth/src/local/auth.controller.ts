import type { Caller } from '#mcp';
import { Body, Controller, HttpCode, Ip, Post, Req, ValidationPipe } from '@nestjs/common';
import type { Request } from 'express';

import { Public } from '../public.decorator.js';
import { LoginThrottle } from '../throttling/login-throttle.decorator.js';
import { LogoutService, type LogoutResponse } from '../tokens/logout.service.js';
import { LoginDto, type LoginResponse } from './login.dto.js';
import { LoginService } from './login.service.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly logouts: LogoutService,
  ) {}

  /** Exchanges a local account's credentials for a bearer token. */
  @Public()
  @LoginThrottle()
  @Post('login')
  @HttpCode(200)
  signIn(
    // Unknown fields are refused too, so a typo such as "user" gets a clear 400.
    @Body(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true }),
    )
    credentials: LoginDto,
    @Ip() ip: string,
  ): Promise<LoginResponse> {
    return this.login.login(credentials, ip);
  }

  /** Revokes the bearer token of this request until it would have expired. */
  @Post('logout')
  @HttpCode(200)
  signOut(@Req() req: Request & { user?: Caller }): Promise<LogoutResponse> {
    return this.logouts.logout(req);
  }
}
