import { SESSION_PROTOCOL } from '../support/mcp-session.js';
import { LoadClient } from '../support/mcp-load-client.js';
import { OwnRedis } from '../support/own-redis.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CALL = ['kubectl_get', { resource: 'namespaces' }] as const;

/**
 * Redis (REDIS_URL: shared sessions, rate limits) stops while clients call, then returns. The
 * documented behaviour: readiness 503 naming Redis, running sessions and plain JSON-RPC keep
 * working (rate limits are not enforced meanwhile), new sessions get a quick 503 that says
 * why, nothing crashes, and everything recovers without a restart.
 */
describe('Redis outage with REDIS_URL set', () => {
  let redis: OwnRedis;
  let app: TestApp | undefined;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    app = await startTestApp({
      REDIS_URL: redis.url,
      RATE_LIMIT_MAX: '10000',
      HEALTH_CHECK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const url = () => app!.url;
  const ready = () => fetch(`${url()}/health/ready`);
  const initialize = () =>
    fetch(`${url()}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: SESSION_PROTOCOL,
          capabilities: {},
          clientInfo: { name: 'redis-outage', version: '1' },
        },
      }),
    });

  it('reports 503 naming Redis, keeps serving what it can, and recovers when Redis returns', async () => {
    const session = new LoadClient(url(), '', 'session');
    const plain = new LoadClient(url(), '', 'plain');
    expect((await session.call(...CALL)).error).toBeUndefined();
    expect((await ready()).status).toBe(200);

    await redis.stop();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ error: { redis: { status: 'down' } } });
    expect((await fetch(`${url()}/health/live`)).status).toBe(200);

    for (const client of [session, plain]) {
      const outcome = await client.call(...CALL);
      expect(outcome.error).toBeUndefined();
      expect(outcome.ms).toBeLessThan(2000);
    }
    const started = performance.now();
    const refused = await initialize();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /^Cannot reach Redis, which shares MCP sessions between replicas .*retry in a few seconds/,
    );
    expect(performance.now() - started).toBeLessThan(2000);

    await redis.resume();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await ready()).status;
    }
    expect(status).toBe(200);
    const fresh = new LoadClient(url(), '', 'session');
    expect((await fresh.call(...CALL)).error).toBeUndefined();
    await fresh.close();
    await session.close();
  }, 60_000);

  it('shuts down promptly while Redis is down', async () => {
    await redis.stop();
    const started = performance.now();
    await app!.close();
    app = undefined;
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
