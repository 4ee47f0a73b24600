import { apiServerAddress, kubeconfigThroughPort } from '../support/cluster.js';
import { SlowProxy } from '../support/slow-proxy.js';
import { startToolHarness, type ToolHarness } from '../kubernetes/tool-harness.js';

/**
 * Every TCP connection through the proxy is one TLS handshake with the real API server, so
 * counting them shows whether tool calls reuse kept-alive connections.
 */
describe('connections to the API server', () => {
  let proxy: SlowProxy;
  let sut: ToolHarness;

  beforeAll(async () => {
    const api = apiServerAddress();
    proxy = await SlowProxy.start(api.host, api.port);
    sut = await startToolHarness({ KUBECONFIG: kubeconfigThroughPort(proxy.port) });
  });
  afterAll(async () => {
    await sut?.close();
    await proxy?.close();
  });

  it('are opened once and reused by 40 sequential and 40 concurrent tool calls', async () => {
    await sut.call('kubectl_get', { resource: 'namespaces' });
    const warm = proxy.connections;
    expect(warm).toBeGreaterThanOrEqual(1);

    for (let i = 0; i < 40; i++) {
      const result = await sut.call('kubectl_get', { resource: 'pods', namespace: 'default' });
      expect(result.isError).toBeFalsy();
    }
    const concurrent = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sut.call(i % 2 ? 'kubectl_get' : 'kubectl_describe', {
          resource: 'namespaces',
          name: 'default',
        }),
      ),
    );
    expect(concurrent.filter((result) => result.isError)).toEqual([]);
    // Before the pool, each API request opened its own connection (80+ here). HTTP/2 carries
    // the concurrent ones on one connection; a second may open while the first is being freed.
    expect(proxy.connections - warm).toBeLessThanOrEqual(2);
  });
});
