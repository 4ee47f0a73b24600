import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const NOT_REDIS = /REDIS_URL points at a server that does not speak the Redis protocol/;

/**
 * REDIS_URL at a port where something other than Redis listens (here an HTTP server): the
 * built server keeps running with the documented Redis-outage behaviour and says plainly
 * what is wrong, in its log and in /health/ready, instead of crashing on the first reply.
 */
describe('REDIS_URL pointing at an HTTP server', () => {
  let http: Server;
  let connections = 0;
  let sut: ServerProcess;

  beforeAll(async () => {
    http = createServer((_request, response) => response.end('not redis'));
    http.on('connection', () => connections++);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    sut = await startServerProcess({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      HEALTH_CHECK_TIMEOUT_MS: '1000',
    });
  }, 60_000);
  afterAll(async () => {
    await sut?.stop();
    http?.closeAllConnections();
    await new Promise((resolve) => http?.close(resolve));
  });

  it('keeps running while its Redis clients reconnect again and again', async () => {
    const deadline = Date.now() + 20_000;
    while (connections < 20 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(connections).toBeGreaterThanOrEqual(20);
    expect(sut.child.exitCode).toBeNull();
    expect(sut.output()).not.toMatch(/Unhandled|Unknown RESP type/);
  }, 30_000);

  it('names the problem in its log, once per Redis client rather than once per attempt', () => {
    const lines = sut
      .output()
      .split('\n')
      .filter((line) => NOT_REDIS.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines[0]).toContain('(it answered "H"');
  });

  it('answers /health/ready with 503 naming Redis and the reason, and stays live', async () => {
    const ready = await fetch(`${sut.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { error: Record<string, { message: string }> };
    expect(Object.keys(body.error)).toEqual(['redis']);
    expect(body.error.redis!.message).toMatch(NOT_REDIS);
    expect((await fetch(`${sut.url}/health/live`)).status).toBe(200);
  });

  it('keeps serving plain JSON-RPC calls, as during a Redis outage', async () => {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'namespaces' } },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { isError?: boolean } };
    expect(body.result.isError).toBeFalsy();
    expect(sut.child.exitCode).toBeNull();
  });
});
