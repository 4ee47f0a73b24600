import { AppConfig, ConfigModule } from '#config';
import { KUBE_CONFIG, KubernetesModule } from '#kubernetes';
import { ObservabilityModule } from '#observability';
import { KubeConfig } from '@kubernetes/client-node';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, type AddressInfo, type Server } from 'node:net';
import request from 'supertest';

import { HealthModule } from './health.module.js';
import { ShutdownState } from './shutdown/shutdown-state.js';

interface SilentPort {
  port: number;
  server: Server;
  /** Connections accepted so far. */
  connections(): number;
}

/** A TCP port that accepts connections and never answers: a hung dependency. */
async function silentPort(): Promise<SilentPort> {
  let connections = 0;
  const server = createServer(() => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server, connections: () => connections };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kubeConfigFor(server: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'down', server, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'down', cluster: 'down', user: 'u' }],
    currentContext: 'down',
  });
  return kubeConfig;
}

async function boot(server: string, env: Record<string, string> = {}): Promise<INestApplication> {
  const config = AppConfig.fromEnvironment({
    AUTH_ENABLED: 'false',
    HEALTH_CHECK_TIMEOUT_MS: '300',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ObservabilityModule, KubernetesModule, HealthModule],
  })
    .overrideProvider(KUBE_CONFIG)
    .useValue(kubeConfigFor(server))
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('HealthController with the cluster down', () => {
  let app: INestApplication;
  let hung: SilentPort;

  beforeAll(async () => {
    hung = await silentPort();
  });
  afterAll(() => hung.server.close());
  afterEach(() => app?.close());

  it('keeps liveness at 200 when the Kubernetes API refuses connections', async () => {
    app = await boot('https://127.0.0.1:1');
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('answers readiness 503 naming the kubernetes indicator and the server it tried', async () => {
    app = await boot('https://127.0.0.1:1');
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.kubernetes).toMatchObject({
      status: 'down',
      message: expect.stringContaining('Kubernetes API at https://127.0.0.1:1 is not reachable'),
    });
    expect(response.body.info.shutdown).toEqual({ status: 'up' });
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toContain(
      'kubernetes_api_errors_total{operation="get version",status="0"} 1',
    );
  });

  it('answers readiness 503 within the timeout when the API server hangs', async () => {
    app = await boot(`https://127.0.0.1:${hung.port}`);
    const started = Date.now();
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.body.error.kubernetes.message).toContain(
      `Kubernetes API at https://127.0.0.1:${hung.port} gave no answer within 300ms`,
    );
  });

  it('also reports the seed endpoint /health as 503 with the failing indicator', async () => {
    app = await boot('https://127.0.0.1:1');
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(Object.keys(response.body.error)).toEqual(['kubernetes']);
  });

  it('checks Redis only when REDIS_URL is set and names it when it does not answer', async () => {
    app = await boot('https://127.0.0.1:1', {
      REDIS_URL: `redis://:secret-pw@127.0.0.1:${hung.port}`,
    });
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(response.body.error.redis).toMatchObject({ status: 'down' });
    expect(JSON.stringify(response.body)).not.toContain('secret-pw');
    await app.close();
    app = await boot('https://127.0.0.1:1');
    const withoutRedis = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(withoutRedis.body.details.redis).toBeUndefined();
  });

  it('answers readiness 503 at once, without asking the cluster, once shutdown has begun', async () => {
    const beforeBoot = hung.connections();
    app = await boot(`https://127.0.0.1:${hung.port}`);
    // The start-up version check connects once; wait for it, so it is not counted below.
    for (let i = 0; i < 100 && hung.connections() === beforeBoot; i++) await pause(20);
    expect(hung.connections()).toBe(beforeBoot + 1);
    app.get(ShutdownState).begin('SIGTERM');
    const connectionsBefore = hung.connections();
    const response = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(hung.connections()).toBe(connectionsBefore);
    expect(response.body.error).toEqual({
      shutdown: { status: 'down', message: expect.stringContaining('shutting down since') },
    });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});
