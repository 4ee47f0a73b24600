import { login, writeUsersFile } from '../support/auth-users.js';
import { openStreamableSession } from '../support/mcp-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// Two replicas share REDIS_URL: the per-user session limit counts sessions on both.
describe('MCP_MAX_SESSIONS_PER_USER across replicas (REDIS_URL)', () => {
  const user = `replica-quota-${Date.now().toString(36)}`;
  const usersFile = writeUsersFile([
    { name: user, password: 'replica-password-1', roles: ['viewer'] },
  ]);
  let first: TestApp;
  let second: TestApp;
  let token: string;

  beforeAll(async () => {
    const redis = process.env.TEST_REDIS_URL;
    if (!redis) throw new Error('TEST_REDIS_URL is not set: the e2e global setup starts Redis');
    const env = {
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      REDIS_URL: redis,
      MCP_MAX_SESSIONS_PER_USER: '2',
    };
    first = await startTestApp(env);
    second = await startTestApp(env);
    token = await login(first.url, user, 'replica-password-1');
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('refuses a third session on either replica and frees the slot when one ends', async () => {
    const onFirst = await openStreamableSession(first.url, token);
    const onSecond = await openStreamableSession(second.url, token);
    await expect(openStreamableSession(first.url, token)).rejects.toThrow(/HTTP 429/);
    const sse = await fetch(`${second.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    });
    expect(sse.status).toBe(429);
    expect(((await sse.json()) as { error: { message: string } }).error.message).toContain(
      `"${user}" already holds 2`,
    );

    // A session opened on the first replica and ended through the second frees the slot.
    const ended = await fetch(`${second.url}/mcp`, { method: 'DELETE', headers: onFirst.headers });
    expect(ended.status).toBe(200);
    const again = await openStreamableSession(second.url, token);
    for (const session of [onSecond, again])
      await fetch(`${first.url}/mcp`, { method: 'DELETE', headers: session.headers });
  });
});
