import { CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  waitFor,
  type ToolHarness,
} from './tool-harness.js';

const TIMEOUT = 90_000;

describe('kubectl_logs options and kubectl_delete by selector', () => {
  const namespace = uniqueNamespace('logs');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: ToolHarness;
  let small: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    for (const name of ['duo-1', 'duo-2']) {
      await core.createNamespacedPod({
        namespace,
        body: {
          metadata: { name, labels: { app: 'duo' } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx' },
              { name: 'proxy', image: 'envoy' },
            ],
          },
        },
      });
    }
    await waitFor(async () => {
      const pods = await core.listNamespacedPod({
        namespace,
        fieldSelector: 'status.phase=Running',
      });
      return pods.items.length === 2 ? true : undefined;
    }, 'two Running pods');
    sut = await startToolHarness();
    small = await startToolHarness({ MCP_MAX_OUTPUT_CHARS: '1000' });
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await small?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it('asks which container of a multi-container pod, listing them', async () => {
    const result = await sut.call('kubectl_logs', { pod: 'duo-1', namespace });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Pod "duo-1" has 2 containers (web, proxy); choose one with the container parameter, e.g. container="web"',
    );
    const wrong = await sut.call('kubectl_logs', { pod: 'duo-1', namespace, container: 'db' });
    expect(textOf(wrong)).toBe(
      'Container "db" is not in pod "duo-1"; its containers are: web, proxy',
    );
  });

  it(
    'reads one container with timestamps, a grep filter and a line count',
    async () => {
      const result = await waitFor(async () => {
        const logs = await sut.call('kubectl_logs', {
          pod: 'duo-1',
          namespace,
          container: 'web',
          lines: 5,
          timestamps: true,
        });
        return textOf(logs).split('\n').length === 5 ? logs : undefined;
      }, 'five log lines');
      for (const line of textOf(result).split('\n'))
        expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /);
      const grep = await sut.call('kubectl_logs', {
        pod: 'duo-1',
        namespace,
        container: 'web',
        lines: 20,
        grep: 'GET|POST|HTTP',
      });
      const lines = (grep.structuredContent!.logs as { lines: string[] }[])[0].lines;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => /GET|POST|HTTP/i.test(line))).toBe(true);
      const none = await sut.call('kubectl_logs', {
        pod: 'duo-1',
        namespace,
        container: 'web',
        grep: 'no-such-text-xyz',
      });
      expect(textOf(none)).toBe('(no lines match "no-such-text-xyz")');
    },
    TIMEOUT,
  );

  it('reads every pod of a label selector, each under a header', async () => {
    const result = await sut.call('kubectl_logs', {
      labelSelector: 'app=duo',
      namespace,
      container: 'proxy',
      lines: 3,
    });
    expect(textOf(result)).toContain('==> pod/duo-1 container proxy <==');
    expect(textOf(result)).toContain('==> pod/duo-2 container proxy <==');
    expect((result.structuredContent!.logs as unknown[]).length).toBe(2);
  });

  it('drops the oldest lines first beyond MCP_MAX_OUTPUT_CHARS and says so', async () => {
    const result = await small.call('kubectl_logs', {
      pod: 'duo-1',
      namespace,
      container: 'web',
      lines: 200,
    });
    expect(result.structuredContent).toMatchObject({ truncated: true });
    // 200 lines of about 100 bytes: the read stops at 4 bytes per character of the limit,
    // and what was read is cut again to the limit itself.
    expect(textOf(result)).toMatch(
      /^\[the read stopped at 4000 bytes of log \(a limit that follows MCP_MAX_OUTPUT_CHARS\); older lines were not read: ask for fewer lines, a grep filter or sinceSeconds\]\n\[\d+ earlier lines cut to stay within MCP_MAX_OUTPUT_CHARS; ask for fewer lines, a grep filter or sinceSeconds\]\n/,
    );
    expect(textOf(result).length).toBeLessThan(1400);
  });

  it(
    'deletes by label selector, with a dry run first',
    async () => {
      const dry = await sut.call('kubectl_delete', {
        resource: 'pods',
        labelSelector: 'app=duo',
        namespace,
        dryRun: true,
        gracePeriodSeconds: 0,
      });
      expect(textOf(dry)).toBe(
        'pod "duo-1" deleted (server dry run)\npod "duo-2" deleted (server dry run)',
      );
      expect((await core.listNamespacedPod({ namespace })).items).toHaveLength(2);

      const real = await sut.call('kubectl_delete', {
        resource: 'po',
        labelSelector: 'app=duo',
        namespace,
        propagationPolicy: 'Background',
        gracePeriodSeconds: 0,
      });
      expect(real.structuredContent).toEqual({
        resource: 'pods',
        namespace,
        dryRun: false,
        deleted: ['duo-1', 'duo-2'],
      });
      const nothing = await sut.call('kubectl_delete', {
        resource: 'pods',
        labelSelector: 'app=none',
        namespace,
      });
      expect(textOf(nothing)).toBe(
        `No pods match "app=none" in namespace "${namespace}"; nothing deleted.`,
      );
    },
    TIMEOUT,
  );
});
