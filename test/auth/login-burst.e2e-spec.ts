import { hashPassword } from '#auth';
import { hashSync } from '@node-rs/bcrypt';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { login, mcpCall } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BURST = 30;
const BURST_PASSWORD = 'burst-password-123';
const HEALTH_BOUND_MS = 500;
const TOOL_CALL_BOUND_MS = 1000;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/**
 * Password checks run on the thread pool: while 30 logins with production-strength hashes
 * (argon2id as `npm run auth:hash-password` writes them) are checked at once, /health/live
 * and another user's tool calls keep answering quickly.
 */
describe('a burst of logins does not stall other users', () => {
  let sut: TestApp;

  beforeAll(async () => {
    const usersFile = join(mkdtempSync(join(tmpdir(), 'login-burst-')), 'users.yaml');
    writeFileSync(
      usersFile,
      stringify({
        users: [
          { name: 'burst', passwordHash: await hashPassword(BURST_PASSWORD), roles: ['viewer'] },
          { name: 'worker', passwordHash: hashSync('worker-password-1', 4), roles: ['viewer'] },
        ],
      }),
    );
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      LOGIN_RATE_LIMIT_MAX: '0',
    });
  });
  afterAll(() => sut?.close());

  it(`keeps /health/live under ${HEALTH_BOUND_MS} ms and tool calls under ${TOOL_CALL_BOUND_MS} ms during ${BURST} concurrent logins`, async () => {
    const token = await login(sut.url, 'worker', 'worker-password-1');
    const health = () => fetch(`${sut.url}/health/live`).then((response) => response.status);
    const toolCall = () =>
      mcpCall(sut.url, token, 'tools/call', {
        name: 'kubectl_get',
        arguments: { resource: 'namespaces' },
      }).then((reply) => reply.status);
    const baseline = { health: 0, tool: 0 };
    for (let i = 0; i < 3; i++) {
      baseline.health = Math.max(baseline.health, (await timed(health)).ms);
      baseline.tool = Math.max(baseline.tool, (await timed(toolCall)).ms);
    }

    let burstDone = false;
    const started = performance.now();
    const burst = Promise.all(
      Array.from({ length: BURST }, () => login(sut.url, 'burst', BURST_PASSWORD)),
    ).finally(() => (burstDone = true));
    const during = { health: [] as number[], tool: [] as number[] };
    while (!burstDone) {
      const probe = await timed(health);
      expect(probe.value).toBe(200);
      during.health.push(probe.ms);
      const call = await timed(toolCall);
      expect(call.value).toBe(200);
      during.tool.push(call.ms);
    }
    const tokens = await burst;
    const burstMs = performance.now() - started;

    const longest = (values: number[]): number => Math.round(Math.max(...values));
    console.log(
      `${BURST} concurrent logins took ${Math.round(burstMs)} ms; ` +
        `/health/live longest ${longest(during.health)} ms over ${during.health.length} probes (before: ${Math.round(baseline.health)} ms); ` +
        `kubectl_get longest ${longest(during.tool)} ms over ${during.tool.length} calls (before: ${Math.round(baseline.tool)} ms)`,
    );
    expect(tokens).toHaveLength(BURST);
    expect(during.health.length).toBeGreaterThan(0);
    expect(longest(during.health)).toBeLessThan(HEALTH_BOUND_MS);
    expect(longest(during.tool)).toBeLessThan(TOOL_CALL_BOUND_MS);
  }, 60_000);

  it('answers a login for an unknown name about as slowly as a wrong password for a real one', async () => {
    const attempt = async (username: string): Promise<number> => {
      const { ms, value } = await timed(() =>
        fetch(`${sut.url}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'not-the-password' }),
        }),
      );
      expect(value.status).toBe(401);
      return ms;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating, so load on the machine falls on both alike.
    for (let i = 0; i < 9; i++) {
      known.push(await attempt('burst'));
      unknown.push(await attempt(`nobody-${i}`));
    }
    const median = (values: number[]): number =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `login refused: known user median ${median(known).toFixed(1)} ms, unknown user median ${median(unknown).toFixed(1)} ms`,
    );
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
  }, 60_000);
});
