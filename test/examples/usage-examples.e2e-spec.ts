import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { adminKubeConfig } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const page = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'examples',
  'usage-examples.md',
);

interface ToolResponse {
  result?: { isError?: boolean; content: Array<{ text: string }> };
  error?: { message: string };
}

// Every JSON-RPC message shown in examples/usage-examples.md, sent verbatim in page order.
describe('examples/usage-examples.md', () => {
  const examples = [...readFileSync(page, 'utf8').matchAll(/```json\n(.+?)\n```/gs)].map(
    (match) => match[1],
  );
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const apps = adminKubeConfig().makeApiClient(AppsV1Api);
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp();
  });

  afterAll(async () => {
    await apps
      .deleteNamespacedDeployment({ namespace: 'default', name: 'nginx' })
      .catch(() => undefined);
    await core
      .deleteNamespacedPod({ namespace: 'default', name: 'test-pod', gracePeriodSeconds: 0 })
      .catch(() => undefined);
    await server?.close();
  });

  it('has the five documented examples', () => {
    expect(examples).toHaveLength(5);
  });

  it('runs each example without an error, in order', async () => {
    for (const example of examples) {
      const message = JSON.parse(example) as { params: { name: string } };
      if (message.params.name === 'kubectl_logs') await waitForRunningNginx();
      const response = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: example,
      });
      const body = (await response.json()) as ToolResponse;
      expect({
        example: message.params.name,
        error: body.error,
        isError: body.result?.isError,
      }).toEqual({
        example: message.params.name,
        error: undefined,
        isError: undefined,
      });
      if (message.params.name === 'kubectl_logs') {
        expect(body.result!.content[0].text).toContain('"GET /item/');
      }
    }
  });

  async function waitForRunningNginx(): Promise<void> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const pods = await core.listNamespacedPod({
        namespace: 'default',
        labelSelector: 'app=nginx',
      });
      if (pods.items.filter((pod) => pod.status?.phase === 'Running').length === 3) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('nginx pods did not reach Running');
  }
});
