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

const TIMEOUT = 120_000;
const CONFIG_MAPS = 12;

interface KubectlList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string };
  items: { apiVersion: string; kind: string; metadata: { name: string } }[];
}

/** The JSON document at the start of a tool text, before any `[...]` note lines. */
function jsonPart(text: string): unknown {
  return JSON.parse(text.split('\n[')[0]);
}

// `kubectl get -o json` answers a list with one `List` object; a bare array would be split by
// Dify into one message per element.
describe('kubectl_get output=json', () => {
  const namespace = uniqueNamespace('json-list');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let sut: ToolHarness;
  let capped: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    for (let index = 0; index < CONFIG_MAPS; index++) {
      await core.createNamespacedConfigMap({
        namespace,
        body: {
          metadata: { name: `settings-${String(index).padStart(2, '0')}`, labels: { app: 'json' } },
          data: { index: String(index) },
        },
      });
    }
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    });
    sut = await startToolHarness();
    capped = await startToolHarness({ MCP_MAX_OUTPUT_CHARS: '1000' });
  }, TIMEOUT);

  afterAll(async () => {
    await sut?.close();
    await capped?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it('returns a kubectl-style List whose items are the objects in the cluster', async () => {
    const result = await sut.call('kubectl_get', {
      resource: 'configmaps',
      namespace,
      labelSelector: 'app=json',
      output: 'json',
    });
    const list = JSON.parse(textOf(result)) as KubectlList;
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: {} });
    const inCluster = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app=json' });
    expect(list.items.map((item) => item.metadata.name).sort()).toEqual(
      inCluster.items.map((item) => item.metadata!.name).sort(),
    );
    expect(list.items).toHaveLength(CONFIG_MAPS);
    for (const item of list.items)
      expect(item).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(result.structuredContent).toMatchObject({ count: CONFIG_MAPS, truncated: false });
  });

  it('lists pods as a List too, and returns one named object as itself', async () => {
    const pods = await waitFor(async () => {
      const result = await sut.call('kubectl_get', { resource: 'pods', namespace, output: 'json' });
      const list = JSON.parse(textOf(result)) as KubectlList;
      return list.items.length === 1 ? list : undefined;
    }, 'the pod in the list');
    expect(pods).toMatchObject({
      kind: 'List',
      items: [{ kind: 'Pod', metadata: { name: 'web' } }],
    });

    const one = await sut.call('kubectl_get', {
      resource: 'pod',
      name: 'web',
      namespace,
      output: 'json',
    });
    expect(JSON.parse(textOf(one))).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace },
    });
  });

  it('answers an empty list with an empty List, not prose', async () => {
    const result = await sut.call('kubectl_get', {
      resource: 'configmaps',
      namespace,
      labelSelector: 'app=none',
      output: 'json',
    });
    expect(JSON.parse(textOf(result))).toEqual({
      apiVersion: 'v1',
      kind: 'List',
      metadata: { resourceVersion: '' },
      items: [],
    });
  });

  it('keeps the List parseable when the output cap cuts it, with the note after it', async () => {
    const result = await capped.call('kubectl_get', {
      resource: 'configmaps',
      namespace,
      labelSelector: 'app=json',
      output: 'json',
    });
    const shown = (result.structuredContent!.items as unknown[]).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(CONFIG_MAPS);
    expect(result.structuredContent).toMatchObject({
      count: CONFIG_MAPS,
      truncated: true,
      omitted: CONFIG_MAPS - shown,
    });
    const list = jsonPart(textOf(result)) as KubectlList;
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(shown);
    expect(textOf(result)).toContain(
      `\n[${CONFIG_MAPS - shown} more objects not shown: output is limited to MCP_MAX_OUTPUT_CHARS`,
    );
  });

  it('carries the server continue token in metadata.continue, as kubectl does', async () => {
    const first = await sut.call('kubectl_get', {
      resource: 'configmaps',
      namespace,
      labelSelector: 'app=json',
      limit: 5,
      output: 'json',
    });
    const list = jsonPart(textOf(first)) as KubectlList;
    expect(list.items).toHaveLength(5);
    expect(list.metadata.continue).toEqual(expect.any(String));
    expect(list.metadata.continue).toBe(first.structuredContent!.continue);

    const second = await sut.call('kubectl_get', {
      resource: 'configmaps',
      namespace,
      labelSelector: 'app=json',
      limit: 5,
      continue: list.metadata.continue,
      output: 'json',
    });
    const next = jsonPart(textOf(second)) as KubectlList;
    expect(next.items[0].metadata.name).toBe('settings-05');
  });
});
