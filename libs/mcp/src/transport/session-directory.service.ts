import { AppConfig } from '#config';
import { createRedisClient, RedisErrorLog } from '#observability';
import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Caller } from '../registry/caller.js';

export type SessionKind = 'streamable' | 'sse';

export interface SessionRecord {
  kind: SessionKind;
  /** The user who opened the session; nobody else may use or end it. */
  owner: string;
  protocolVersion?: string;
}

type SessionEvent =
  | { type: 'sse-message'; sessionId: string; message: unknown; caller: Caller }
  | { type: 'closed'; sessionId: string };

const CHANNEL = 'mcp:session-events';
const key = (sessionId: string): string => `mcp:session:${sessionId}`;
const ownerKey = (owner: string): string => `mcp:owner-sessions:${owner}`;
// A Redis that accepts connections but does not answer must not hold requests for long.
const COMMAND_TIMEOUT_MS = 1000;

// Atomically: forget the owner's entries whose time is up, count the rest, add this one if
// the count is below the limit. Scores are expiry times, so a crashed replica's entries lapse.
const CLAIM_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Where sessions live when several replicas serve one URL. With REDIS_URL every session is
 * recorded in Redis (expiring with the idle timeout) and messages for an SSE stream held by
 * another process travel over pub/sub. Without Redis it is a no-op and sessions stay local.
 */
@Injectable()
export class SessionDirectory implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionDirectory.name);
  private readonly redis?: Redis;
  private readonly subscriber?: Redis;
  private readonly ttlMs: number;
  private readonly listeners: ((event: SessionEvent) => void)[] = [];

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.ttlMs = config.mcp.sessionIdleTimeoutMs;
    const url = config.redis.url?.reveal();
    if (!url) return;
    // Commands fail at once while Redis is down (no offline queue), so requests get a quick 503.
    this.redis = createRedisClient(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: COMMAND_TIMEOUT_MS,
    });
    this.subscriber = createRedisClient(url, { lazyConnect: false });
    for (const client of [this.redis, this.subscriber])
      new RedisErrorLog(client, this.logger, 'Redis');
    // Subscribed on every (re)connection: a SUBSCRIBE that failed (e.g. REDIS_URL reached no
    // Redis) is not repeated by ioredis, and its rejection must not end the process.
    const subscriber = this.subscriber;
    subscriber.on('ready', () => {
      subscriber.subscribe(CHANNEL).catch((error: Error) => {
        this.logger.warn(`Redis: cannot subscribe to ${CHANNEL}: ${error.message}`);
      });
    });
    this.subscriber.on('message', (_channel: string, payload: string) => this.dispatch(payload));
  }

  get shared(): boolean {
    return this.redis !== undefined;
  }

  /**
   * Why sessions cannot be shared right now, for readiness: a connection still reconnecting
   * after Redis came back refuses every initialize with 503 until it is up.
   */
  get unavailable(): string | undefined {
    const down = Object.entries({ commands: this.redis, events: this.subscriber })
      .filter(([, client]) => client && client.status !== 'ready')
      .map(([name]) => name);
    return down.length
      ? `its connections that share MCP sessions are not ready yet (${down.join(', ')})`
      : undefined;
  }

  async register(sessionId: string, record: SessionRecord): Promise<void> {
    await reach(this.redis?.set(key(sessionId), JSON.stringify(record), 'PX', this.ttlMs));
  }

  /** Refreshes the session's expiry; best effort, a missed refresh only shortens its life. */
  async touch(sessionId: string): Promise<void> {
    await this.redis?.pexpire(key(sessionId), this.ttlMs).catch(() => undefined);
  }

  async lookup(sessionId: string): Promise<SessionRecord | undefined> {
    const raw = await reach(this.redis?.get(key(sessionId)));
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  /** Forgets the session everywhere and tells the process holding its stream to close it. */
  async remove(sessionId: string): Promise<void> {
    if (!this.redis) return;
    await reach(this.redis.del(key(sessionId)));
    await reach(this.redis.publish(CHANNEL, JSON.stringify({ type: 'closed', sessionId })));
  }

  /**
   * Records a session of `owner` unless they already hold `max` live ones on any replica.
   * Entries lapse after the idle timeout unless refreshed (see refreshOwned).
   */
  async claimOwned(owner: string, sessionId: string, max: number): Promise<boolean> {
    if (!this.redis) return true;
    const now = Date.now();
    const claimed = await reach(
      this.redis.eval(
        CLAIM_SCRIPT,
        1,
        ownerKey(owner),
        now,
        max,
        now + this.ttlMs,
        sessionId,
        this.ttlMs,
      ),
    );
    return claimed === 1;
  }

  /** Best effort, like touch. */
  async refreshOwned(owner: string, sessionId: string): Promise<void> {
    await this.redis
      ?.zadd(ownerKey(owner), Date.now() + this.ttlMs, sessionId)
      .catch(() => undefined);
  }

  async releaseOwned(owner: string, sessionId: string): Promise<void> {
    await reach(this.redis?.zrem(ownerKey(owner), sessionId));
  }

  async forwardSseMessage(sessionId: string, message: unknown, caller: Caller): Promise<void> {
    await reach(
      this.redis?.publish(
        CHANNEL,
        JSON.stringify({ type: 'sse-message', sessionId, message, caller } satisfies SessionEvent),
      ),
    );
  }

  onEvent(listener: (event: SessionEvent) => void): void {
    this.listeners.push(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() on a connection that is down would wait for Redis to come back.
    await Promise.all(
      [this.subscriber, this.redis].map((client) =>
        client?.status === 'ready' ? client.quit().catch(() => undefined) : client?.disconnect(),
      ),
    );
  }

  private dispatch(payload: string): void {
    let event: SessionEvent;
    try {
      event = JSON.parse(payload) as SessionEvent;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(event);
  }
}

/** Redis errors as a 503 that says what is missing and what to do. */
async function reach<T>(command: Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await command;
  } catch (error) {
    throw new ServiceUnavailableException(
      `Cannot reach Redis, which shares MCP sessions between replicas (${(error as Error).message}); retry in a few seconds, or send plain JSON-RPC requests without a session`,
    );
  }
}
