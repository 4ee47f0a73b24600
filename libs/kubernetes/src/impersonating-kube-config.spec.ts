import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { KubernetesConnectionPool } from './api/kubernetes-connection-pool.js';
import { KubernetesHttpClient } from './api/kubernetes-http.client.js';
import { ImpersonatingKubeConfig } from './impersonating-kube-config.js';

/** Checks the headers on the wire (the cluster's RBAC verdicts are covered by test/auth e2e). */
describe('ImpersonatingKubeConfig', () => {
  let server: Server;
  let seen: IncomingHttpHeaders[] = [];
  let rawSeen: string[][] = [];
  let base: KubeConfig;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      rawSeen.push(req.rawHeaders);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = new KubeConfig();
    base.loadFromOptions({
      clusters: [
        {
          name: 'c',
          server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          skipTLSVerify: true,
        },
      ],
      users: [{ name: 'u', token: 'server-token', impersonateUser: 'someone-else' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen = [];
    rawSeen = [];
  });

  const sut = () =>
    new ImpersonatingKubeConfig(
      base,
      { user: 'alice', groups: ['team-a', 'devs'] },
      new KubernetesConnectionPool(),
    );

  function impersonation(raw: string[]): string[][] {
    const pairs: string[][] = [];
    for (let i = 0; i < raw.length; i += 2)
      if (/^impersonate-/i.test(raw[i])) pairs.push([raw[i].toLowerCase(), raw[i + 1]]);
    return pairs;
  }

  it('sends the user and one Impersonate-Group header per group through the typed clients', async () => {
    await sut().makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: 'team-a' });
    expect(seen[0].authorization).toBe('Bearer server-token');
    expect(impersonation(rawSeen[0])).toEqual([
      ['impersonate-user', 'alice'],
      ['impersonate-group', 'team-a'],
      ['impersonate-group', 'devs'],
    ]);
  });

  it('does the same for raw REST calls', async () => {
    await new KubernetesHttpClient(sut()).json({ path: '/api/v1/namespaces/team-a/configmaps' });
    expect(impersonation(rawSeen[0])).toEqual([
      ['impersonate-user', 'alice'],
      ['impersonate-group', 'team-a'],
      ['impersonate-group', 'devs'],
    ]);
  });

  it('sets the headers for streaming requests (logs, exec) too', async () => {
    const options: { headers?: Record<string, unknown> } = {};
    await sut().applyToHTTPSOptions(options);
    expect(options.headers).toMatchObject({
      'Impersonate-User': 'alice',
      'Impersonate-Group': ['team-a', 'devs'],
    });
  });

  it('leaves the base configuration untouched', async () => {
    await new KubernetesHttpClient(base).json({ path: '/api/v1/namespaces/team-a/configmaps' });
    expect(impersonation(rawSeen[0])).toEqual([['impersonate-user', 'someone-else']]);
  });
});
