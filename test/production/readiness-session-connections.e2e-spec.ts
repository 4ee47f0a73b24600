import { jest } from '@jest/globals';

import { SessionDirectory } from '#mcp';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * After a Redis outage each Redis connection reconnects on its own schedule. Readiness stays
 * 503 until the ones that share MCP sessions are up, so a load balancer does not send a new
 * session to a replica that would refuse its initialize.
 */
describe('readiness with REDIS_URL follows the session connections', () => {
  let sut: TestApp;

  beforeAll(async () => {
    const redis = process.env.TEST_REDIS_URL;
    if (!redis) throw new Error('TEST_REDIS_URL is not set: the e2e global setup starts Redis');
    sut = await startTestApp({ REDIS_URL: redis });
  });
  afterAll(() => sut?.close());

  const ready = async () => {
    const response = await fetch(`${sut.url}/health/ready`);
    return { status: response.status, body: JSON.stringify(await response.json()) };
  };

  it('is ready once Redis answers and the session connections are up', async () => {
    let answer = await ready();
    for (let i = 0; i < 50 && answer.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await ready();
    }
    expect(answer.status).toBe(200);
    expect(sut.app.get(SessionDirectory).unavailable).toBeUndefined();
  });

  it('reports 503 naming them while they are still reconnecting, though Redis answers', async () => {
    const directory = sut.app.get(SessionDirectory);
    const reconnecting = jest
      .spyOn(directory, 'unavailable', 'get')
      .mockReturnValue('its connections that share MCP sessions are not ready yet (events)');
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body).toContain(
        'Redis answers, but its connections that share MCP sessions are not ready yet (events)',
      );
    } finally {
      reconnecting.mockRestore();
    }
    expect((await ready()).status).toBe(200);
  });
});
