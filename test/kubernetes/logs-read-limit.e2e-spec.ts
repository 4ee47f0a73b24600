import { CoreV1Api } from '@kubernetes/client-node';

import {
  adminKubeConfig,
  apiServerAddress,
  kubeconfigThroughPort,
  uniqueNamespace,
} from '../support/cluster.js';
import { SlowProxy } from '../support/slow-proxy.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  waitFor,
  type ToolHarness,
} from './tool-harness.js';

const TIMEOUT = 90_000;
const POD = 'long-log';
// The simulated containers' log: at least 300 access-log lines of about 100 bytes, one more
// every second (scripts/control-plane/write-cluster-files.sh, log-writer.sh).
const ITEM = /"GET \/item\/(\d+) HTTP\/1\.1"/;
const itemOf = (line: string) => Number(ITEM.exec(line)?.[1] ?? NaN);

/**
 * kubectl_logs passes limitBytes to the API server, so a long log (or one of enormous lines)
 * is not read whole into the server's memory. The bytes that cross a proxy in front of the
 * real API server show what was read.
 */
describe('kubectl_logs reads at most 4 bytes per character of its output budget', () => {
  const namespace = uniqueNamespace('logcap');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let proxy: SlowProxy;
  let sut: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    await core.createNamespacedPod({
      namespace,
      body: { metadata: { name: POD }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    });
    await waitFor(async () => {
      const pod = await core.readNamespacedPod({ namespace, name: POD });
      return pod.status?.phase === 'Running' ? true : undefined;
    }, 'a Running pod');
    const { host, port } = apiServerAddress();
    proxy = await SlowProxy.start(host, port);
    sut = await startToolHarness({
      KUBECONFIG: kubeconfigThroughPort(proxy.port),
      MCP_MAX_OUTPUT_CHARS: '1000',
    });
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await proxy?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it(
    'stops the read at 4,000 bytes, shows the newest lines and says the read was cut',
    async () => {
      const whole = await core.readNamespacedPodLog({ namespace, name: POD });
      expect(Buffer.byteLength(whole)).toBeGreaterThan(29_000);
      const newestBefore = itemOf(whole.trimEnd().split('\n').at(-1)!);
      // Discovery answers are cached after the first call; only the log call is measured.
      await sut.call('kubectl_logs', { pod: POD, namespace, lines: 1 });
      proxy.bytesFromServer = 0;

      const result = await sut.call('kubectl_logs', { pod: POD, namespace, lines: 100_000 });

      expect(result.isError).toBeFalsy();
      expect(proxy.bytesFromServer).toBeLessThan(16_000);
      const text = textOf(result);
      expect(text).toContain(
        '[the read stopped at 4000 bytes of log (a limit that follows MCP_MAX_OUTPUT_CHARS); older lines were not read: ask for fewer lines, a grep filter or sinceSeconds]',
      );
      const lines = text.split('\n').filter((line) => ITEM.test(line));
      expect(lines.length).toBeGreaterThan(3);
      expect(itemOf(lines.at(-1)!)).toBeGreaterThanOrEqual(newestBefore);
      const items = lines.map(itemOf);
      expect(items).toEqual(items.map((_, i) => items[0]! + i));
      expect(result.structuredContent).toMatchObject({
        truncated: true,
        logs: [{ pod: POD, container: 'web', readLimitBytes: 4000 }],
      });
    },
    TIMEOUT,
  );

  it(
    'shows the start of a newest line longer than its share of the budget, marked, not "(no log lines)"',
    async () => {
      // Ten pods share the 1,000 characters: 100 each, less than one line with its timestamp.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          core.createNamespacedPod({
            namespace,
            body: {
              metadata: { name: `wide-${i}`, labels: { app: 'wide' } },
              spec: { containers: [{ name: 'web', image: 'nginx' }] },
            },
          }),
        ),
      );
      await waitFor(async () => {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=wide' });
        return pods.items.filter((pod) => pod.status?.phase === 'Running').length === 10
          ? true
          : undefined;
      }, '10 Running pods');

      const result = await sut.call('kubectl_logs', {
        labelSelector: 'app=wide',
        namespace,
        lines: 1,
        timestamps: true,
      });

      expect(result.isError).toBeFalsy();
      const text = textOf(result);
      expect(text).not.toContain('(no log lines)');
      expect(text).not.toContain('earlier lines cut');
      const logs = (result.structuredContent as { logs: { lines: string[]; omitted: number }[] })
        .logs;
      expect(logs).toHaveLength(10);
      for (const log of logs) {
        expect(log.omitted).toBe(0);
        expect(log.lines).toHaveLength(1);
        expect(log.lines[0]).toMatch(
          /^\d{4}-\d\d-\d\dT\S+ 10\.244\..* \[line cut at \d+ characters\]$/,
        );
        expect(log.lines[0]!.length).toBeLessThan(100);
        expect(text).toContain(log.lines[0]);
      }
    },
    TIMEOUT,
  );

  it(
    'reads a log that fits without a note',
    async () => {
      const result = await sut.call('kubectl_logs', { pod: POD, namespace, lines: 5 });
      expect(textOf(result).split('\n')).toHaveLength(5);
      expect(textOf(result)).not.toContain('the read stopped');
      expect(result.structuredContent).toMatchObject({ truncated: false });
    },
    TIMEOUT,
  );
});
