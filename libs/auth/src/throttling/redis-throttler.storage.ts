import { createRedisClient, RedisErrorLog } from '#observability';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const KEY_PREFIX = 'mcp-kubernetes:throttle:';

// One round trip, atomic: count the hit in a fixed window and block the key once over the
// limit, so every replica sharing the Redis sees the same counters.
// Returns { hits, window ms left, blocked (0/1), block ms left }.
const INCREMENT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blocked_for = redis.call('PTTL', block_key)
if blocked_for > 0 then
  local hits = tonumber(redis.call('GET', hits_key) or limit + 1)
  return { hits, math.max(redis.call('PTTL', hits_key), 0), 1, blocked_for }
end
local hits = redis.call('INCR', hits_key)
if hits == 1 then redis.call('PEXPIRE', hits_key, ttl) end
local window_left = redis.call('PTTL', hits_key)
if window_left < 0 then redis.call('PEXPIRE', hits_key, ttl); window_left = ttl end
if hits > limit then
  redis.call('SET', block_key, '1', 'PX', block)
  return { hits, window_left, 1, block }
end
return { hits, window_left, 0, 0 }
`;

// A Redis that accepts connections but does not answer must not hold requests for long.
const COMMAND_TIMEOUT_MS = 1000;

/**
 * ThrottlerStorage over Redis (REDIS_URL), so rate limits hold across all replicas.
 *
 * While Redis is unreachable, requests are let through unlimited (fail open, logged once per
 * outage) rather than all failing: commands fail at once instead of queueing until Redis
 * returns, and readiness reports Redis down meanwhile.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger = new Logger('RateLimit');
  readonly redis: Redis;
  private unreachable = false;
  private readonly firstReady: Promise<void>;
  private startup?: Promise<void>;

  constructor(url: string) {
    this.redis = createRedisClient(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    new RedisErrorLog(this.redis, this.logger, 'Redis for rate limits');
    this.redis.on('ready', () => {
      if (this.unreachable) this.logger.log('Redis for rate limits is back: limits apply again');
      this.unreachable = false;
    });
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
    this.firstReady = new Promise((resolve) => this.redis.once('ready', () => resolve()));
  }

  /**
   * Requests that arrive while the first connection is still opening wait for it, once and for
   * at most the command timeout, instead of failing open: a replica that has just started would
   * otherwise not count its first attempts. Later outages fail open at once.
   */
  private async untilFirstConnected(): Promise<void> {
    if (this.redis.status === 'ready') return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.firstReady,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, COMMAND_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${KEY_PREFIX}${throttlerName}:${key}`;
    let answer: number[];
    await (this.startup ??= this.untilFirstConnected());
    try {
      answer = await (
        this.redis as unknown as {
          throttleIncrement: (...args: (string | number)[]) => Promise<number[]>;
        }
      ).throttleIncrement(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
    } catch (error) {
      return this.failOpen(error as Error, ttl);
    }
    const [hits, windowLeft, blocked, blockLeft] = answer;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeft / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeft / 1000),
    };
  }

  private failOpen(error: Error, ttl: number): ThrottlerStorageRecord {
    if (!this.unreachable) {
      this.logger.warn(
        `Rate limits are not enforced while Redis is unreachable (${error.message})`,
      );
    }
    this.unreachable = true;
    return {
      totalHits: 0,
      timeToExpire: Math.ceil(ttl / 1000),
      isBlocked: false,
      timeToBlockExpire: 0,
    };
  }

  private closing?: Promise<void>;

  /**
   * Nest calls this once per provider that holds the instance (ThrottlerModule's storage and
   * our own), so it closes once. A second `quit()` would fail on the closed connection and
   * its `disconnect()` fallback would leave a 2 s timer that keeps the process alive.
   */
  onModuleDestroy(): Promise<void> {
    this.closing ??= this.redis.quit().then(
      () => undefined,
      () => {
        if (this.redis.status !== 'end') this.redis.disconnect();
      },
    );
    return this.closing;
  }
}
