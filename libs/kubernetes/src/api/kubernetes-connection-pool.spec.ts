import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { KubernetesClientFactory } from '../kubernetes-client.factory.js';
import { PooledKubeConfig } from '../pooled-kube-config.js';
import { KubernetesHttpClient } from './kubernetes-http.client.js';
import { KubernetesConnectionPool } from './kubernetes-connection-pool.js';

/**
 * Counts TCP connections on a local API stand-in (TLS reuse on the real API server: e2e).
 * undici frees a socket a tick after the body is read, so back-to-back requests may use a
 * second connection; without the pool every request opened its own.
 */
const WARM = 2;

describe('KubernetesConnectionPool', () => {
  let server: Server;
  let connections = 0;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ major: '1', minor: '36', gitVersion: 'v1.36.0' }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      // skipTLSVerify gives client-node TLS options, so it builds an undici Agent per request.
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [
        { name: 'u', token: 'server-token' },
        { name: 'v', token: 'other-token' },
      ],
      contexts: [
        { name: 'x', cluster: 'c', user: 'u' },
        { name: 'y', cluster: 'c', user: 'v' },
      ],
      currentContext: 'x',
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (connections = 0));

  it('sends 20 raw and typed requests over the same kept-alive connections', async () => {
    const sut = new KubernetesClientFactory(kubeConfig);
    const http = new KubernetesHttpClient(sut.config());
    for (let i = 0; i < 10; i++) await http.json({ path: '/version' });
    for (let i = 0; i < 10; i++) await sut.api(VersionApi).getCode();
    expect(connections).toBeLessThanOrEqual(WARM);
    await sut.onApplicationShutdown();
  });

  it('shares the pool between impersonated callers of the same credential', async () => {
    const sut = new KubernetesClientFactory(kubeConfig, {
      auth: { impersonate: true },
    } as never);
    for (const subject of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) {
      const caller = { subject, roles: ['viewer'], groups: ['team'] };
      await new KubernetesHttpClient(sut.config(undefined, caller as never)).json({
        path: '/version',
      });
    }
    expect(connections).toBeLessThanOrEqual(WARM);
    await sut.onApplicationShutdown();
  });

  it('keeps a separate pool per credential', async () => {
    const sut = new KubernetesClientFactory(kubeConfig);
    const requests = [sut.config(), sut.config('y'), sut.config(), sut.config('y')].map((config) =>
      new KubernetesHttpClient(config).json({ path: '/version' }),
    );
    await Promise.all(requests);
    // Four requests at once: one connection per credential, each carrying two of them.
    expect(connections).toBeGreaterThanOrEqual(2);
    expect(connections).toBeLessThanOrEqual(4);
    await sut.onApplicationShutdown();
  });

  it('replaces a pool after its maximum age, so rotated certificate files are read again', async () => {
    let now = 0;
    const pool = new KubernetesConnectionPool(1_000, () => now);
    const http = new KubernetesHttpClient(new PooledKubeConfig(kubeConfig, pool));
    for (let i = 0; i < 6; i++) await http.json({ path: '/version' });
    now = 500;
    for (let i = 0; i < 6; i++) await http.json({ path: '/version' });
    const beforeExpiry = connections;
    expect(beforeExpiry).toBeLessThanOrEqual(WARM);
    now = 1_500;
    for (let i = 0; i < 6; i++) await http.json({ path: '/version' });
    expect(connections).toBeGreaterThan(beforeExpiry);
    expect(connections).toBeLessThanOrEqual(beforeExpiry + WARM);
    expect(pool.size).toBe(1);
    await pool.destroy();
  });
});
