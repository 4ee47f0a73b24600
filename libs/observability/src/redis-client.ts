import type { Redis, RedisOptions } from 'ioredis';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A new ioredis client. The library is loaded by the first client, not at start-up: without
 * REDIS_URL the server never creates one and saves the 4 MB of resident memory ioredis costs.
 */
export function createRedisClient(url: string, options: RedisOptions): Redis {
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  return new RedisClient(url, options);
}
