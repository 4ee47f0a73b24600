import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createNamespace, deleteNamespace, waitFor } from './tool-harness.js';

const TIMEOUT = 90_000;

/** resources/subscribe is backed by a Kubernetes watch and pushes notifications/resources/updated. */
describe('subscribing to a cluster object', () => {
  const namespace = uniqueNamespace('subscribe');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: TestApp;

  beforeAll(async () => {
    await createNamespace(namespace);
    for (const name of ['watched', 'control'])
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name }, data: { v: '1' } },
      });
    sut = await startTestApp();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it(
    'notifies on change until unsubscribed',
    async () => {
      const client = new Client(
        { name: 'e2e', version: '1.0.0' },
        { supportedProtocolVersions: ['2025-06-18'] },
      );
      const transport = new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`));
      await client.connect(transport);
      expect(client.getServerCapabilities()?.resources).toMatchObject({ subscribe: true });
      const updates: string[] = [];
      client.setNotificationHandler('notifications/resources/updated', (notification) => {
        updates.push(notification.params.uri);
      });
      const uri = `k8s://${namespace}/configmaps/watched`;
      await client.subscribeResource({ uri });

      await core.replaceNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: { metadata: { name: 'watched' }, data: { v: '2' } },
      });
      await waitFor(
        async () => (updates.length ? true : undefined),
        'a resources/updated notification',
        20_000,
      );
      expect(updates[0]).toBe(uri);
      const read = await client.readResource({ uri });
      expect(read.contents[0]).toMatchObject({ uri, text: expect.stringContaining('v: "2"') });

      await client.unsubscribeResource({ uri });
      // A change made after the unsubscribe must not be notified. The wait for one that would be
      // is made meaningful by a second subscription, changed right after: once its notification
      // is in, one for the first object would have come too, however slow the machine is.
      const control = `k8s://${namespace}/configmaps/control`;
      await client.subscribeResource({ uri: control });
      const seen = updates.length;
      await core.replaceNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: { metadata: { name: 'watched' }, data: { v: '3' } },
      });
      await core.replaceNamespacedConfigMap({
        name: 'control',
        namespace,
        body: { metadata: { name: 'control' }, data: { v: '2' } },
      });
      await Promise.all([
        waitFor(
          async () => (updates.includes(control) ? true : undefined),
          'the notification for the object still subscribed',
          20_000,
        ),
        new Promise((resolve) => setTimeout(resolve, 1500)),
      ]);
      expect(updates.slice(seen)).toEqual([control]);

      await expect(
        client.subscribeResource({ uri: `k8s://${namespace}/configmaps/missing` }),
      ).rejects.toThrow(`configmaps "missing" not found in namespace "${namespace}"`);
      await transport.terminateSession();
      await client.close();
    },
    TIMEOUT,
  );
});
