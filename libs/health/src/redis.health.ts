import { AppConfig } from '#config';
import { createRedisClient, RedisErrorLog } from '#observability';
import { SessionDirectory } from '#mcp';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';

import { TERMINUS_BACKSTOP_MS, withDeadline } from './with-deadline.js';

// Reconnect quickly but not in a tight loop while Redis is down.
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Up when Redis (REDIS_URL) answers PING within the health-check timeout and the connections
 * that share MCP sessions are up too. Unused, and not part
 * of readiness, when REDIS_URL is unset. Keeps one lazily opened connection for the checks.
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly logger = new Logger('Health');
  private client?: Redis;
  private errors?: RedisErrorLog;

  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly modules: ModuleRef,
  ) {}

  get configured(): boolean {
    return this.config.redis.url !== undefined;
  }

  check(key = 'redis'): PromiseLike<HealthIndicatorResult> {
    return this.health
      .check(key)
      .attempt(async () => {
        const client = this.connection();
        if (client.status === 'wait') void client.connect().catch(() => undefined);
        const started = Date.now();
        const lastError = () => this.errors?.lastError;
        const reply = await withDeadline(
          // ioredis' own rejection ("max retries per request") hides why it cannot connect.
          client.ping().catch((error: Error) => {
            throw new Error(lastError() ?? error.message, { cause: error });
          }),
          this.timeoutMs,
          `Redis gave no answer to PING within ${this.timeoutMs}ms (${lastError() ?? `connection ${client.status}`})`,
        );
        if (reply !== 'PONG') throw new Error(`Redis answered PING with ${String(reply)}`);
        // Redis answering is not enough: the session connections reconnect on their own.
        const sessions = this.sessionDirectory()?.unavailable;
        if (sessions) throw new Error(`Redis answers, but ${sessions}`);
        return { latencyMs: Date.now() - started };
      })
      .withTimeout(this.timeoutMs + TERMINUS_BACKSTOP_MS);
  }

  /** The MCP session directory, where the application has one (not in every test module). */
  private sessionDirectory(): SessionDirectory | undefined {
    try {
      return this.modules.get(SessionDirectory, { strict: false });
    } catch {
      return undefined;
    }
  }

  onApplicationShutdown(): void {
    // disconnect, not quit: quit would wait forever for a Redis that never answered.
    this.client?.disconnect();
  }

  private get timeoutMs(): number {
    return this.config.runtime.healthCheckTimeoutMs;
  }

  private connection(): Redis {
    if (this.client) return this.client;
    const url = this.config.redis.url;
    if (!url) throw new Error('REDIS_URL is not set');
    this.client = createRedisClient(url.reveal(), {
      lazyConnect: true,
      connectTimeout: this.timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    });
    this.errors = new RedisErrorLog(this.client, this.logger, 'Redis');
    return this.client;
  }
}
