import { SetMetadata } from '@nestjs/common';

export const LOGIN_THROTTLE_KEY = 'auth:login-throttle';

/** Applies the stricter login limit (LOGIN_RATE_LIMIT_MAX per LOGIN_RATE_LIMIT_WINDOW per IP). */
export const LoginThrottle = (): MethodDecorator => SetMetadata(LOGIN_THROTTLE_KEY, true);
