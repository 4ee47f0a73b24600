import {
  Client,
  StreamableHTTPClientTransport,
  type CallToolResult,
} from '@modelcontextprotocol/client';
import { CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { pollUntil } from '../support/poll.js';
import { scrape, valueOf } from '../support/prometheus.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createNamespace, deleteNamespace, waitFor } from './tool-harness.js';

const TIMEOUT = 120_000;
const POD = 'follow-web';
// The simulated containers' log gains one line per second (scripts/control-plane/log-writer.sh).
const LINE = /"GET \/item\/(\d+) HTTP\/1\.1"/;

interface Arrival {
  at: number;
  text: string;
}

function textOf(result: CallToolResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

function itemNumbers(text: string): number[] {
  return text
    .split('\n')
    .map((line) => LINE.exec(line)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
}

/** kubectl_logs follow=true against a real (simulated) container that keeps writing. */
describe('kubectl_logs follow: live lines as notifications, bounded and cancellable', () => {
  const namespace = uniqueNamespace('follow');
  let sut: TestApp;

  async function connect(version: string): Promise<Client> {
    const client = new Client(
      { name: 'e2e', version: '1.0.0' },
      version === '2026-07-28'
        ? { versionNegotiation: { mode: { pin: version } } }
        : { supportedProtocolVersions: [version] },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`)));
    expect(client.getNegotiatedProtocolVersion()).toBe(version);
    return client;
  }

  beforeAll(async () => {
    await createNamespace(namespace);
    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace,
      body: { metadata: { name: POD }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    });
    await waitFor(async () => {
      const pod = await core.readNamespacedPod({ namespace, name: POD });
      return pod.status?.phase === 'Running' ? true : undefined;
    }, 'a Running pod');
    sut = await startTestApp({ K8S_LOGS_FOLLOW_MAX_SECONDS: '20' });
  }, TIMEOUT);

  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it.each(['2025-06-18', '2026-07-28'])(
    'protocol %s: sends new lines as progress notifications while following, then returns them all',
    async (version) => {
      const client = await connect(version);
      const arrivals: Arrival[] = [];
      const started = Date.now();
      const result = (await client.callTool(
        {
          name: 'kubectl_logs',
          arguments: { pod: POD, namespace, follow: true, durationSeconds: 4, lines: 1 },
        },
        {
          onprogress: (progress) =>
            arrivals.push({ at: Date.now() - started, text: progress.message ?? '' }),
        },
      )) as CallToolResult;
      const elapsed = Date.now() - started;

      expect(result.isError).toBeFalsy();
      expect(elapsed).toBeGreaterThanOrEqual(4000);
      expect(elapsed).toBeLessThan(10_000);
      // Lines came while the call was running, not all at the end: the first one seconds
      // before the answer. Measured back from the answer, not from the call, so a slow start of
      // the call on a busy machine (before following begins) does not count against it.
      expect(arrivals.length).toBeGreaterThanOrEqual(3);
      expect(elapsed - arrivals[0]!.at).toBeGreaterThan(2000);
      expect(arrivals[arrivals.length - 1]!.at).toBeGreaterThan(2500);
      const streamed = itemNumbers(arrivals.map((arrival) => arrival.text).join('\n'));
      // One old line (lines: 1), then at least three lines the container wrote afterwards.
      expect(streamed.length).toBeGreaterThanOrEqual(4);
      expect(new Set(streamed.filter((n) => n > streamed[0]!)).size).toBeGreaterThanOrEqual(3);

      expect(itemNumbers(textOf(result))).toEqual(streamed);
      expect(textOf(result)).toContain(
        '[followed for 4s; call again with follow=true to keep watching]',
      );
      expect(result.structuredContent).toMatchObject({
        namespace,
        follow: { durationSeconds: 4, ended: 'duration' },
        logs: [{ pod: POD, container: 'web', omitted: 0 }],
      });
      await client.close();
    },
    TIMEOUT,
  );

  it(
    'sends log notifications to a client that asked for no progress',
    async () => {
      const client = await connect('2025-11-25');
      const messages: { logger?: string; data: unknown }[] = [];
      client.setNotificationHandler('notifications/message', (notification) => {
        messages.push({ logger: notification.params.logger, data: notification.params.data });
      });
      const result = (await client.callTool({
        name: 'kubectl_logs',
        arguments: { pod: POD, namespace, follow: true, durationSeconds: 3, lines: 1 },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const fromTool = messages.filter((message) => message.logger === 'kubectl_logs');
      expect(fromTool.length).toBeGreaterThanOrEqual(2);
      expect(itemNumbers(fromTool.map((message) => String(message.data)).join('\n'))).toEqual(
        itemNumbers(textOf(result)),
      );
      await client.close();
    },
    TIMEOUT,
  );

  it(
    'stops following, and closes the Kubernetes log stream, when the client cancels',
    async () => {
      const client = await connect('2025-06-18');
      const logStreams = async (kind: 'count' | 'sum') =>
        valueOf(await scrape(sut.url), `kubernetes_api_request_duration_seconds_${kind}`, {
          operation: 'get pods/log',
          outcome: 'success',
        });
      const streams = () => logStreams('count');
      const secondsBefore = await logStreams('sum');
      const before = await streams();
      const cancel = new AbortController();
      let firstLine: () => void = () => undefined;
      const gotLine = new Promise<void>((resolve) => (firstLine = resolve));
      const started = Date.now();
      const call = client.callTool(
        {
          name: 'kubectl_logs',
          arguments: { pod: POD, namespace, follow: true, durationSeconds: 20 },
        },
        { signal: cancel.signal, onprogress: () => firstLine() },
      );
      await gotLine;
      cancel.abort();
      await expect(call).rejects.toThrow();
      // The stream to the API server is recorded when it ends: long before the 20 s are over.
      await waitFor(
        async () => ((await streams()) > before ? true : undefined),
        'the log stream to end',
        8000,
      );
      expect(Date.now() - started).toBeLessThan(12_000);
      // The stream lasted until the cancel, not the 20 s asked for.
      const seconds = (await logStreams('sum')) - secondsBefore;
      expect(seconds).toBeLessThan(12);
      await client.close();
    },
    TIMEOUT,
  );

  it(
    'lets one user follow at most 5 logs at once, and frees the slots when they end',
    async () => {
      const client = await connect('2025-06-18');
      const follow = (durationSeconds: number, onprogress?: () => void) =>
        client.callTool(
          {
            name: 'kubectl_logs',
            arguments: { pod: POD, namespace, follow: true, durationSeconds, lines: 1 },
          },
          onprogress && { onprogress },
        ) as Promise<CallToolResult>;
      // A follow holds its slot from before its first line until it ends. The sixth is sent
      // once all five have sent a line, however long a busy machine took to get them going,
      // and they follow for long enough to be still running when it arrives.
      const reportedLine = new Set<number>();
      const running = Array.from({ length: 5 }, (_, index) =>
        follow(6, () => reportedLine.add(index)),
      );
      const allEnded = Promise.all(running);
      // Should an expect below fail first, the calls' later failure is not left unhandled.
      allEnded.catch(() => undefined);
      const holdingSlots = await pollUntil(
        () => reportedLine.size,
        (size) => size === 5,
        { timeoutMs: 20_000 },
      );
      expect(holdingSlots).toBe(5);
      const sixth = await follow(1);
      expect(sixth.isError).toBe(true);
      expect(textOf(sixth)).toContain(
        '"anonymous" already follows 5 logs, the most one user may follow at once; wait for one to end or cancel it, or read recent lines without follow',
      );
      for (const result of await allEnded) expect(result.isError).toBeFalsy();
      const afterwards = await follow(1);
      expect(afterwards.isError).toBeFalsy();
      await client.close();
    },
    TIMEOUT,
  );

  it('refuses follow requests it cannot serve, saying what to change', async () => {
    const client = await connect('2025-06-18');
    const attempt = async (args: Record<string, unknown>) =>
      textOf(
        (await client.callTool({
          name: 'kubectl_logs',
          arguments: { namespace, ...args },
        })) as CallToolResult,
      );
    expect(await attempt({ pod: POD, follow: true, durationSeconds: 21 })).toContain(
      'durationSeconds may be at most 20 (K8S_LOGS_FOLLOW_MAX_SECONDS); follow for less, then call again to continue',
    );
    expect(await attempt({ pod: POD, durationSeconds: 5 })).toContain(
      'durationSeconds applies only with follow=true',
    );
    expect(await attempt({ labelSelector: 'app=x', follow: true })).toContain(
      'follow reads one pod: name it with pod',
    );
    expect(await attempt({ pod: POD, follow: true, previous: true })).toContain(
      'previous=true reads a container instance that has ended, which cannot be followed',
    );
    expect(await attempt({ pod: POD, follow: true, durationSeconds: 3601 })).toContain(
      'durationSeconds',
    );
    await client.close();
  });
});
