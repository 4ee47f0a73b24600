import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { adminKubeconfigPath } from '../support/cluster.js';
import { SlowProxy } from '../support/slow-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health probes against the local cluster', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is ready when the Kubernetes API and Redis answer, and /metrics counts the probes', async () => {
    app = await startTestApp({ REDIS_URL: process.env.TEST_REDIS_URL });
    const ready = await fetch(`${app.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: {
        kubernetes: { status: 'up', version: 'v1.36.3' },
        redis: { status: 'up' },
        shutdown: { status: 'up' },
      },
    });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/health/ready",status="200"} 1',
    );
  });

  it('keeps liveness at 200 and names kubernetes in a 503 when the cluster goes away', async () => {
    const server = new URL(readFileSync(adminKubeconfigPath(), 'utf8').match(/server: (\S+)/)![1]);
    const proxy = await SlowProxy.start(server.hostname, Number(server.port));
    const proxyPort = proxy.port;
    const dir = mkdtempSync(join(tmpdir(), 'health-e2e-'));
    try {
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        readFileSync(adminKubeconfigPath(), 'utf8').replace(
          /server: https:\/\/127\.0\.0\.1:\d+/,
          `server: https://127.0.0.1:${proxyPort}`,
        ),
      );
      app = await startTestApp({ KUBECONFIG: kubeconfig, HEALTH_CHECK_TIMEOUT_MS: '1000' });
      expect((await fetch(`${app.url}/health/ready`)).status).toBe(200);

      await proxy.close();
      const ready = await fetch(`${app.url}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { error: Record<string, { message: string }> };
      expect(Object.keys(body.error)).toEqual(['kubernetes']);
      expect(body.error.kubernetes.message).toContain(
        `Kubernetes API at https://127.0.0.1:${proxyPort}`,
      );
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
