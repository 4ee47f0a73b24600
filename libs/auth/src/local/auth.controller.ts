import { Body, Controller, HttpCode, Ip, Post, ValidationPipe } from '@nestjs/common';

import { Public } from '../public.decorator.js';
import { LoginThrottle } from '../throttling/login-throttle.decorator.js';
import { LoginDto, type LoginResponse } from './login.dto.js';
import { LoginService } from './login.service.js';

@Controller('auth')
export class AuthController {
  constructor(private readonly login: LoginService) {}

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
}
