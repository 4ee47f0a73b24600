import type { Caller } from '#mcp';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';

/**
 * Rate limits per authenticated user (so one user cannot starve others from many addresses)
 * and per client IP for anonymous requests such as logins. Runs after authentication.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const caller = (req as { user?: Caller }).user;
    if (caller && caller.subject !== 'anonymous') return `user:${caller.subject}`;
    return `ip:${(req as unknown as Request).ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const res = context.switchToHttp().getResponse<Response>();
    const seconds = Math.max(1, detail.timeToBlockExpire);
    res.setHeader('Retry-After', String(seconds));
    throw new ThrottlerException(
      `Too many requests: at most ${detail.limit} per ${Math.round(detail.ttl / 1000)}s; retry in ${seconds}s`,
    );
  }
}
