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

const TIMEOUT = 300_000;
const PODS = 500;

/**
 * Measures what `kubectl_get pods` costs a model on a namespace with 500 pods, uncapped and
 * with the default cap. The figures are printed to stdout.
 */
describe('kubectl_get output size on 500 pods', () => {
  const namespace = uniqueNamespace('size');
  let uncapped: ToolHarness;
  let capped: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    for (let start = 0; start < PODS; start += 25) {
      await Promise.all(
        Array.from({ length: Math.min(25, PODS - start) }, (_, offset) =>
          core.createNamespacedPod({
            namespace,
            body: {
              metadata: {
                name: `load-${String(start + offset).padStart(3, '0')}`,
                labels: { app: 'load', batch: String(Math.floor((start + offset) / 100)) },
              },
              spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
            },
          }),
        ),
      );
    }
    // Measure settled pods (all Running), as an operator would see them.
    await waitFor(
      async () => {
        const running = await core.listNamespacedPod({
          namespace,
          fieldSelector: 'status.phase=Running',
        });
        return running.items.length === PODS ? true : undefined;
      },
      `${PODS} Running pods`,
      180_000,
    );
    uncapped = await startToolHarness({ MCP_MAX_OUTPUT_CHARS: '10000000' });
    capped = await startToolHarness();
  }, TIMEOUT);
  afterAll(async () => {
    await uncapped?.close();
    await capped?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it(
    'reports the size of each output format and cuts at MCP_MAX_OUTPUT_CHARS with a note',
    async () => {
      const figures: Record<string, unknown> = { pods: PODS };
      for (const output of ['table', 'yaml', 'json'] as const) {
        const full = await uncapped.call('kubectl_get', { resource: 'pods', namespace, output });
        expect(full.structuredContent).toMatchObject({ count: PODS, truncated: false, omitted: 0 });
        const cut = await capped.call('kubectl_get', { resource: 'pods', namespace, output });
        const needsCut = textOf(full).length > 40_000;
        expect(cut.structuredContent).toMatchObject({ count: PODS, truncated: needsCut });
        if (needsCut) {
          expect(textOf(cut)).toMatch(
            /\[\d+ more (rows|objects) not shown: output is limited to MCP_MAX_OUTPUT_CHARS characters\. Narrow the query with labelSelector/,
          );
        } else {
          expect(textOf(cut).split('\n')).toHaveLength(PODS + 1);
        }
        expect(textOf(cut).length).toBeLessThan(40_000 + 400);
        const shown =
          output === 'table'
            ? (cut.structuredContent!.rows as unknown[]).length
            : (cut.structuredContent!.items as unknown[]).length;
        figures[output] = {
          textChars: textOf(full).length,
          structuredContentChars: JSON.stringify(full.structuredContent).length,
          cappedTextChars: textOf(cut).length,
          cappedItemsShown: shown,
        };
      }
      const page = await capped.call('kubectl_get', { resource: 'pods', namespace, limit: 50 });
      expect(page.structuredContent).toMatchObject({
        count: 50,
        continue: expect.any(String),
        truncated: false,
      });
      const next = await capped.call('kubectl_get', {
        resource: 'pods',
        namespace,
        limit: 50,
        continue: page.structuredContent!.continue,
      });
      expect((next.structuredContent!.rows as string[][])[0][0]).toBe('load-050');
      const selected = await capped.call('kubectl_get', {
        resource: 'pods',
        namespace,
        labelSelector: 'batch=2',
      });
      expect(selected.structuredContent).toMatchObject({ count: 100, truncated: false });
      figures.tableWithLabelSelector100Pods = textOf(selected).length;
      process.stdout.write(`kubectl_get pods sizes: ${JSON.stringify(figures)}\n`);
    },
    TIMEOUT,
  );
});
