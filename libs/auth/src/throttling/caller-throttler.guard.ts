import type { Caller } from '#mcp';
import { MetricsService } from '#observability';
import { Inject, Injectable, Optional, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';

/**
 * Rate limits per authenticated user (so one user cannot starve others from many addresses)
 * and per client IP for anonymous requests such as logins. Runs after authentication.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  // A property, so the base class constructor (options, storage, reflector) stays as it is.
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  /** Counts each 429 under the name of the limit that refused it ("general" or "login"). */
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof ThrottlerException)
        this.metrics?.recordRateLimitRefusal(limitLabel(request.throttler.name));
      throw error;
    }
  }

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

/** The throttler named "default" in AuthModule is the general per-user/per-IP limit. */
function limitLabel(throttlerName: string | undefined): string {
  return !throttlerName || throttlerName === 'default' ? 'general' : throttlerName;
}
