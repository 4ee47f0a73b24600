import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { TEST_JWT_SECRET, startTestApp, type TestApp } from '../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';
const PASSWORD = 'token-test-password-1';
const now = (): number => Math.floor(Date.now() / 1000);
const messageOf = (reply: { body: unknown }): string =>
  (reply.body as { message?: string }).message ?? '';

/** A token signed with the server's real key, as a leaked key or an old release could mint it. */
function forged(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ roles: ['admin'], namespaces: ['*'], ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('tess')
    .setIssuer('mcp-kubernetes')
    .setAudience('mcp-kubernetes')
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

/**
 * The real application, two replicas sharing one Redis: login tokens are refused without an
 * expiry or with a lifetime beyond JWT_MAX_LIFETIME, stop working when their user leaves the
 * users file, and a logout on one replica is honoured by the other on the next request.
 */
describe('login token limits and revocation on two replicas (Redis)', () => {
  let usersFile: string;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    usersFile = writeUsersFile([
      { name: 'tess', password: PASSWORD, roles: ['viewer'] },
      { name: 'ursula', password: PASSWORD, roles: ['viewer'] },
    ]);
    const env = {
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      REDIS_URL,
      // Other suites share Redis and 127.0.0.1; this one is not about the login limit.
      LOGIN_RATE_LIMIT_MAX: '0',
    };
    first = await startTestApp(env);
    second = await startTestApp(env);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('refuses a token without exp and a 100-year token over /mcp, saying why', async () => {
    const noExpiry = await mcpCall(
      first.url,
      await forged({ jti: randomUUID(), iat: now() }),
      'tools/list',
    );
    expect(noExpiry.status).toBe(401);
    expect(messageOf(noExpiry)).toContain('Token has no expiry (exp)');
    const century = await mcpCall(
      first.url,
      await forged({ jti: randomUUID(), iat: now(), exp: now() + 100 * 365 * 86400 }),
      'tools/list',
    );
    expect(century.status).toBe(401);
    expect(messageOf(century)).toContain('longer than this server allows (JWT_MAX_LIFETIME, 3 d)');
  });

  it('revokes a token on every replica once it is logged out on one', async () => {
    const token = await login(first.url, 'tess', PASSWORD);
    expect((await mcpCall(second.url, token, 'tools/list')).status).toBe(200);
    const out = await fetch(`${second.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(out.status).toBe(200);
    for (const replica of [first, second]) {
      const refused = await mcpCall(replica.url, token, 'tools/list');
      expect(refused.status).toBe(401);
      expect(messageOf(refused)).toContain('Token was revoked');
    }
  });

  it('refuses the token of a user removed from the users file on both replicas at once', async () => {
    const token = await login(first.url, 'ursula', PASSWORD);
    expect((await mcpCall(first.url, token, 'tools/list')).status).toBe(200);
    writeFileSync(usersFile, stringify({ users: [] }));
    for (const replica of [first, second]) {
      const refused = await mcpCall(replica.url, token, 'tools/list');
      expect(refused.status).toBe(401);
      expect(messageOf(refused)).toContain(
        'User "ursula" is not a local account (not in the users file, or removed from it)',
      );
    }
  });
});
