import { Redis } from 'ioredis';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { login, mcpCall, writeUsersFile } from '../support/auth-users.js';
import { waitForLogLine } from '../support/log-file.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6390';
const PASSWORD = 'api-token-password-1';

interface CreatedToken {
  id: string;
  token: string;
  last_used_at: string | null;
}

async function createToken(url: string, bearer: string, body: object): Promise<CreatedToken> {
  const response = await fetch(`${url}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedToken;
}

/**
 * The real application, two replicas sharing one Redis, used the way Dify uses it: an API token
 * created on one replica works on /mcp and /mcp/sse of the other, its last use shows in the
 * owner's list, Redis holds only its hash, and a revocation on either replica ends it on both.
 */
describe('per-user API tokens on two replicas (Redis)', () => {
  const redis = new Redis(REDIS_URL);
  let first: TestApp;
  let second: TestApp;
  let loginToken: string;
  const logFile = join(mkdtempSync(join(tmpdir(), 'api-token-audit-')), 'server.log');

  beforeAll(async () => {
    const env = {
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'dify-owner', password: PASSWORD, roles: ['viewer'], namespaces: ['team-a'] },
      ]),
      REDIS_URL,
      LOGIN_RATE_LIMIT_MAX: '0',
    };
    // The application created last owns Nest's global logger: both write the same file.
    const logged = { ...env, LOG_FILE: logFile, LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
    first = await startTestApp(logged);
    second = await startTestApp(logged);
    loginToken = await login(first.url, 'dify-owner', PASSWORD);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    redis.disconnect();
  });

  it('works on the other replica over /mcp and /mcp/sse, with the owner’s roles and namespaces', async () => {
    const created = await createToken(first.url, loginToken, { name: 'dify', expires_in: '30d' });
    const list = await mcpCall(second.url, created.token, 'tools/list');
    expect(list.status).toBe(200);
    const tools = list.body.result.tools.map((tool) => tool.name);
    expect(tools).toContain('kubectl_get');
    expect(tools).not.toContain('kubectl_apply');

    const stream = new AbortController();
    const sse = await fetch(`${second.url}/mcp/sse`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${created.token}` },
      signal: stream.signal,
    });
    expect(sse.status).toBe(200);
    const announcement = new TextDecoder().decode((await sse.body!.getReader().read()).value);
    expect(announcement).toMatch(/^event: endpoint\n/);
    stream.abort();

    const listed = await fetch(`${first.url}/auth/tokens`, {
      headers: { authorization: `Bearer ${loginToken}` },
    });
    const mine = ((await listed.json()) as CreatedToken[]).find((t) => t.id === created.id);
    expect(mine?.last_used_at).toEqual(expect.any(String));
  });

  it('names the API token in the audit line of each tool call made with it, never the secret', async () => {
    const created = await createToken(first.url, loginToken, { name: 'audited' });
    const call = await mcpCall(first.url, created.token, 'tools/call', {
      name: 'kubectl_get',
      arguments: { resource: 'namespaces' },
    });
    expect(call.status).toBe(200);
    const line = await waitForLogLine(
      logFile,
      (entry) => entry.context === 'Audit' && entry.apiToken === created.id,
    );
    expect(line).toMatchObject({ event: 'tool_call', user: 'dify-owner', tool: 'kubectl_get' });
    expect(readFileSync(logFile, 'utf8')).not.toContain(created.token);
  });

  it('keeps only a SHA-256 of the token in Redis', async () => {
    const created = await createToken(first.url, loginToken, { name: 'hash-check' });
    const keys = await redis.keys(`mcp-kubernetes:api-token:${created.id}*`);
    expect(keys.length).toBeGreaterThan(0);
    const secret = created.token.split('_').slice(2).join('_');
    for (const key of keys) {
      const value = (await redis.type(key)) === 'string' ? await redis.get(key) : '';
      expect(value).not.toContain(secret);
    }
    const record = JSON.parse((await redis.get(`mcp-kubernetes:api-token:${created.id}`))!);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await redis.pttl(`mcp-kubernetes:api-token:${created.id}`)).toBeGreaterThan(0);
  });

  it('is refused on both replicas once its owner revokes it on one', async () => {
    const created = await createToken(first.url, loginToken, { name: 'to-revoke' });
    expect((await mcpCall(first.url, created.token, 'tools/list')).status).toBe(200);
    const revoked = await fetch(`${second.url}/auth/tokens/${created.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${loginToken}` },
    });
    expect(revoked.status).toBe(204);
    for (const replica of [first, second]) {
      const refused = await mcpCall(replica.url, created.token, 'tools/list');
      expect(refused.status).toBe(401);
      expect((refused.body as unknown as { message: string }).message).toContain(
        'API token is unknown, revoked or expired',
      );
    }
  });
});

/** Hostile bodies for POST /auth/tokens get a 4xx with a JSON message, never a 5xx. */
describe('POST /auth/tokens with hostile input (real application)', () => {
  let sut: TestApp;
  let loginToken: string;

  beforeAll(async () => {
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([{ name: 'mallory', password: PASSWORD, roles: ['viewer'] }]),
      LOGIN_RATE_LIMIT_MAX: '0',
    });
    loginToken = await login(sut.url, 'mallory', PASSWORD);
  });
  afterAll(() => sut?.close());

  const deep = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

  it.each([
    ['a 4 MiB name', JSON.stringify({ name: 'x'.repeat(4 * 1024 * 1024) })],
    ['100,000 roles', JSON.stringify({ name: 'n', roles: Array(100_000).fill('viewer') })],
    ['roles nested 10,000 deep', `{"name":"n","roles":${deep(10_000)}}`],
    ['expires_in as an object', JSON.stringify({ name: 'n', expires_in: { $gt: 1 } })],
    ['a name with a newline', JSON.stringify({ name: 'dify\nadmin' })],
  ])('answers %s with a 4xx and a JSON message', async (_case, body) => {
    const response = await fetch(`${sut.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${loginToken}` },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const answer = (await response.json()) as { message: unknown };
    expect(answer.message).toBeDefined();
    const health = await fetch(`${sut.url}/health/live`);
    expect(health.status).toBe(200);
  });

  it('ignores __proto__ and constructor keys: they grant no role', async () => {
    const response = await fetch(`${sut.url}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${loginToken}` },
      body: '{"name":"proto","__proto__":{"roles":["admin"]},"constructor":{"roles":["admin"]}}',
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { token: string; roles: unknown };
    expect(created.roles).toBeNull();
    const tools = await mcpCall(sut.url, created.token, 'tools/list');
    expect(tools.body.result.tools.map((tool) => tool.name)).not.toContain('kubectl_delete');
  });
});
