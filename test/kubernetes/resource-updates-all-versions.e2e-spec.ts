import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createNamespace, deleteNamespace, waitFor } from './tool-harness.js';

const TIMEOUT = 90_000;
const MODERN = '2026-07-28';

interface Notification {
  method: string;
  params?: Record<string, unknown> & { _meta?: Record<string, unknown> };
}

/** A 2026-07-28 `subscriptions/listen` stream: the per-request envelope, then SSE frames. */
async function listen(
  url: string,
  id: number,
  uris: string[],
  signal: AbortSignal,
): Promise<{ response: Response; next: () => Promise<Notification> }> {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': 'subscriptions/listen',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'subscriptions/listen',
      params: {
        notifications: { resourceSubscriptions: uris },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN,
          'io.modelcontextprotocol/clientInfo': { name: 'e2e', version: '1.0.0' },
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });
  let reader: ReadableStreamDefaultReader<string> | undefined;
  let buffer = '';
  const next = async (): Promise<Notification> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('');
        if (data) return JSON.parse(data) as Notification;
        continue;
      }
      reader ??= response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const { value, done } = await reader.read();
      if (done) throw new Error(`listen stream ended; unread: ${buffer}`);
      buffer += value;
    }
  };
  return { response, next };
}

/**
 * A watched Kubernetes object's changes reach clients of every protocol version: through
 * resources/subscribe for the 2025-era versions (Streamable HTTP and HTTP+SSE), and through
 * `subscriptions/listen` for 2026-07-28.
 */
describe('resource updates at every protocol version', () => {
  const namespace = uniqueNamespace('updates');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: TestApp;
  let generation = 0;

  const change = (name: string) =>
    core.replaceNamespacedConfigMap({
      name,
      namespace,
      body: { metadata: { name }, data: { v: String(++generation) } },
    });

  beforeAll(async () => {
    await createNamespace(namespace);
    for (const name of ['legacy', 'modern'])
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name }, data: {} } });
    sut = await startTestApp();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it.each([
    ['2024-11-05', 'sse'],
    ['2025-03-26', 'streamable'],
    ['2025-06-18', 'streamable'],
    ['2025-11-25', 'streamable'],
  ])(
    'protocol %s (%s): resources/subscribe, then notifications/resources/updated',
    async (version, transportKind) => {
      const client = new Client(
        { name: 'e2e', version: '1.0.0' },
        { supportedProtocolVersions: [version] },
      );
      await client.connect(
        transportKind === 'sse'
          ? new SSEClientTransport(new URL(`${sut.url}/mcp/sse`))
          : new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`)),
      );
      expect(client.getNegotiatedProtocolVersion()).toBe(version);
      const updates: string[] = [];
      client.setNotificationHandler('notifications/resources/updated', (notification) => {
        updates.push(notification.params.uri);
      });
      const uri = `k8s://${namespace}/configmaps/legacy`;
      await client.subscribeResource({ uri });
      await change('legacy');
      await waitFor(async () => (updates.length ? true : undefined), 'an update', 20_000);
      expect(updates[0]).toBe(uri);
      await client.close();
    },
    TIMEOUT,
  );

  it(
    `protocol ${MODERN}: subscriptions/listen with resourceSubscriptions streams notifications/resources/updated`,
    async () => {
      const uri = `k8s://${namespace}/configmaps/modern`;
      const stop = new AbortController();
      const stream = await listen(sut.url, 7, [uri], stop.signal);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const ack = await stream.next();
      expect(ack.method).toBe('notifications/subscriptions/acknowledged');
      expect(ack.params).toMatchObject({ notifications: { resourceSubscriptions: [uri] } });

      await change('modern');
      const update = await stream.next();
      expect(update).toMatchObject({
        method: 'notifications/resources/updated',
        params: { uri, _meta: { 'io.modelcontextprotocol/subscriptionId': 7 } },
      });
      // A change to an object this stream did not ask for is not sent to it.
      await change('legacy');
      await change('modern');
      expect((await stream.next()).params?.uri).toBe(uri);
      stop.abort();
    },
    TIMEOUT,
  );

  it(`protocol ${MODERN}: listening to an object that does not exist is refused, naming it`, async () => {
    const stream = await listen(
      sut.url,
      8,
      [`k8s://${namespace}/configmaps/missing`],
      new AbortController().signal,
    );
    expect(stream.response.headers.get('content-type')).toContain('application/json');
    const reply = (await stream.response.json()) as { id: number; error: { message: string } };
    expect(reply.id).toBe(8);
    expect(reply.error.message).toContain(
      `configmaps "missing" not found in namespace "${namespace}"`,
    );
  });
});
