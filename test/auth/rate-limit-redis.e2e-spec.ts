import { Redis } from 'ioredis';
import { connect, createServer, type Server } from 'node:net';

import { RedisThrottlerStorage } from '../../libs/auth/src/throttling/redis-throttler.storage.js';

import { writeUsersFile } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';

async function attempt(url: string): Promise<Response> {
  return fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'ann', password: 'not-the-password' }),
  });
}

/** Two replicas sharing one real Redis must share the login brute-force budget. */
describe('rate limits shared through Redis', () => {
  const redis = new Redis(REDIS_URL);
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    // Counters from earlier runs (same client IP and route) would otherwise carry over.
    const keys = await redis.keys('mcp-kubernetes:throttle:*');
    if (keys.length) await redis.del(...keys);
    const env = {
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'ann', password: 'ann-password-1', roles: ['viewer'] },
      ]),
      REDIS_URL,
      LOGIN_RATE_LIMIT_MAX: '4',
      LOGIN_RATE_LIMIT_WINDOW: '1m',
    };
    first = await startTestApp(env);
    second = await startTestApp(env);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    const keys = await redis.keys('mcp-kubernetes:throttle:*');
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('counts attempts on both instances together and blocks on either with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (const app of [first, second, first, second])
      statuses.push((await attempt(app.url)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    for (const app of [first, second]) {
      const blocked = await attempt(app.url);
      expect(blocked.status).toBe(429);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(((await blocked.json()) as { message: string }).message).toContain(
        'Too many requests: at most 4 per 60s',
      );
    }
    expect((await redis.keys('mcp-kubernetes:throttle:login:*')).length).toBeGreaterThan(0);
  });
});

/** Forwards to Redis, but only after `delayMs`: a Redis that is slow to accept a replica. */
async function slowProxy(delayMs: number): Promise<{ url: string; server: Server }> {
  const target = new URL(REDIS_URL);
  const server = createServer((client) => {
    client.pause();
    setTimeout(() => {
      const upstream = connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      client.resume();
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

describe('rate limits on a replica whose Redis connection is still opening', () => {
  it('counts the first attempts once the connection opens, instead of letting them through', async () => {
    // Well inside the storage's one-second wait, even on a busy machine.
    const proxy = await slowProxy(150);
    const sut = new RedisThrottlerStorage(proxy.url);
    const key = `opening-${Date.now().toString(36)}`;
    const hits: number[] = [];
    try {
      for (let i = 0; i < 2; i++)
        hits.push((await sut.increment(key, 60_000, 4, 60_000, 'login')).totalHits);
    } finally {
      await sut.onModuleDestroy();
      proxy.server.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`mcp-kubernetes:throttle:login:${key}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
    expect(hits).toEqual([1, 2]);
  });

  it('waits for a Redis that never answers only once, then fails open without waiting', async () => {
    const sut = new RedisThrottlerStorage('redis://127.0.0.1:1');
    try {
      expect((await sut.increment('k', 60_000, 4, 60_000, 'login')).totalHits).toBe(0);
      const started = Date.now();
      expect((await sut.increment('k', 60_000, 4, 60_000, 'login')).totalHits).toBe(0);
      // A second wait would take the full second.
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      sut.redis.disconnect();
    }
  });
});
