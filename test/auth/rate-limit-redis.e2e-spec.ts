import { Redis } from 'ioredis';

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
