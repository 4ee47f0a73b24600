import { Inject, Injectable, Optional, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { AUTH_REDIS } from '../auth-redis.js';

const KEY_PREFIX = 'mcp-kubernetes:revoked-token:';

/**
 * Token ids (`jti`) revoked by POST /auth/logout, each kept until the token would have expired
 * anyway. With REDIS_URL every replica sees a revocation on the next request; without it the
 * list lives in this process (enough for one replica; a restart forgets it, so keep
 * JWT_MAX_LIFETIME short there).
 */
@Injectable()
export class TokenRevocations {
  private readonly local = new Map<string, number>();

  constructor(@Optional() @Inject(AUTH_REDIS) private readonly redis?: Redis) {}

  /** Revokes `id` until `expiresAt` (seconds since the epoch). */
  async revoke(id: string, expiresAt: number): Promise<void> {
    const until = expiresAt * 1000;
    const remaining = until - Date.now();
    if (remaining <= 0) return;
    if (this.redis) {
      await this.unlessUnreachable(this.redis.set(KEY_PREFIX + id, '1', 'PX', remaining));
      return;
    }
    this.forgetExpired();
    this.local.set(id, until);
  }

  async isRevoked(id: string): Promise<boolean> {
    if (this.redis) {
      return (await this.unlessUnreachable(this.redis.exists(KEY_PREFIX + id))) === 1;
    }
    const until = this.local.get(id);
    return until !== undefined && until > Date.now();
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [id, until] of this.local) if (until <= now) this.local.delete(id);
  }

  // Without Redis the server cannot tell a revoked token from a good one: refuse, do not guess.
  private async unlessUnreachable<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      throw new ServiceUnavailableException(
        `Cannot reach Redis to check token revocation (${(error as Error).message}); try again shortly`,
      );
    }
  }
}
