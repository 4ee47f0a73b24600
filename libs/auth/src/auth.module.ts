import { AppConfig } from '#config';
import { TOOL_ACCESS_POLICY, TOOL_CALL_AUDIT } from '#mcp';
import {
  Global,
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';

import { AuditLogger } from './audit/audit.logger.js';
import { AUTH_REDIS } from './auth-redis.js';
import { AuthDisabledWarning } from './auth-disabled.warning.js';
import { CallerFactory } from './caller.factory.js';
import { ApiTokenGuard } from './guards/api-token.guard.js';
import { AuthenticationGuard } from './guards/authentication.guard.js';
import { AuthProxyGuard, LocalJwtGuard, OidcGuard } from './guards/passport-guards.js';
import { RolesGuard } from './guards/roles.guard.js';
import { AuthController } from './local/auth.controller.js';
import { LocalJwtStrategy } from './local/jwt.strategy.js';
import { LoginTokenService } from './local/login-token.service.js';
import { LoginService } from './local/login.service.js';
import { UsersStore } from './local/users.store.js';
import { ProtectedResourceController } from './metadata/protected-resource.controller.js';
import { UnauthorizedChallengeFilter } from './metadata/unauthorized.filter.js';
import { OidcStrategy } from './oidc/oidc.strategy.js';
import { AccessPolicy } from './policy/access-policy.js';
import { AuthProxyStrategy } from './proxy/auth-proxy.strategy.js';
import { CallerThrottlerGuard } from './throttling/caller-throttler.guard.js';
import { LOGIN_THROTTLE_KEY } from './throttling/login-throttle.decorator.js';
import { RedisThrottlerStorage } from './throttling/redis-throttler.storage.js';
import { ApiTokenStore } from './tokens/api-token.store.js';
import { ApiTokensController } from './tokens/api-tokens.controller.js';
import { ApiTokensService } from './tokens/api-tokens.service.js';
import { LogoutService } from './tokens/logout.service.js';
import { TokenRevocations } from './tokens/token-revocations.js';
import { DeepJsonMiddleware } from './transport/deep-json.middleware.js';

/**
 * Identity and access: POST /auth/login, verification of login/OIDC/proxy identities, the
 * global authentication, roles and rate-limit guards, the tool access policy and the audit log.
 * Guards run in this order: authenticate, check roles, count the request. Bodies nested too
 * deeply are refused before any of them.
 */
@Global()
@Module({})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DeepJsonMiddleware).forRoutes('*path');
  }

  static forRoot(config: AppConfig): DynamicModule {
    const auth = config.auth;
    const verifiers: Provider[] = [];
    if (auth.enabled && auth.jwtSecret) {
      verifiers.push(LocalJwtStrategy, LocalJwtGuard, ApiTokenGuard);
    }
    if (auth.enabled && auth.oidc) verifiers.push(OidcStrategy, OidcGuard);
    if (auth.enabled && auth.proxy) verifiers.push(AuthProxyStrategy, AuthProxyGuard);
    // Created here because ThrottlerModule takes an instance; also provided below so Nest
    // closes its Redis connection when the application shuts down.
    const storage = config.redis.url
      ? new RedisThrottlerStorage(config.redis.url.reveal())
      : undefined;
    if (!auth.enabled) verifiers.push(AuthDisabledWarning);
    return {
      module: AuthModule,
      imports: [
        PassportModule,
        JwtModule.register({}),
        ThrottlerModule.forRoot({
          throttlers: [
            {
              name: 'default',
              ttl: auth.rateLimit.windowMs,
              limit: auth.rateLimit.max,
              skipIf: () => auth.rateLimit.max === 0,
            },
            {
              name: 'login',
              ttl: auth.rateLimit.loginWindowMs,
              limit: auth.rateLimit.loginMax,
              skipIf: (context: ExecutionContext) =>
                auth.rateLimit.loginMax === 0 ||
                !Reflect.getMetadata(LOGIN_THROTTLE_KEY, context.getHandler()),
            },
          ],
          storage,
        }),
      ],
      controllers: [AuthController, ApiTokensController, ProtectedResourceController],
      providers: [
        UsersStore,
        AccessPolicy,
        CallerFactory,
        LoginTokenService,
        LoginService,
        TokenRevocations,
        ApiTokenStore,
        ApiTokensService,
        LogoutService,
        AuditLogger,
        ...verifiers,
        ...(storage
          ? [
              { provide: RedisThrottlerStorage, useValue: storage },
              { provide: AUTH_REDIS, useValue: storage.redis },
            ]
          : []),
        { provide: TOOL_ACCESS_POLICY, useExisting: AccessPolicy },
        { provide: TOOL_CALL_AUDIT, useExisting: AuditLogger },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_GUARD, useClass: CallerThrottlerGuard },
        { provide: APP_FILTER, useClass: UnauthorizedChallengeFilter },
      ],
      exports: [TOOL_ACCESS_POLICY, TOOL_CALL_AUDIT, AccessPolicy, AuditLogger, CallerFactory],
    };
  }
}
