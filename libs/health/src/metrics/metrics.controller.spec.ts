import { AppConfig, ConfigModule } from '#config';
import { ObservabilityModule } from '#observability';
import { Controller, Get, Module, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, type AddressInfo } from 'node:net';
import request from 'supertest';

import { MetricsPortServer } from './metrics-port.server.js';
import { MetricsController } from './metrics.controller.js';

@Controller('items')
class ItemsController {
  @Get(':name')
  get(@Param('name') name: string): { name: string } {
    return { name };
  }
}

@Module({ controllers: [MetricsController, ItemsController], providers: [MetricsPortServer] })
class MetricsTestModule {}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function boot(env: Record<string, string> = {}): Promise<INestApplication> {
  const config = AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', HOST: '127.0.0.1', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), ObservabilityModule, MetricsTestModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('MetricsController', () => {
  let app: INestApplication;
  afterEach(() => app.close());

  it('serves Prometheus text on /metrics with HTTP requests labelled by route pattern', async () => {
    app = await boot();
    await request(app.getHttpServer()).get('/items/alpha').expect(200);
    await request(app.getHttpServer()).get('/items/beta').expect(200);
    await request(app.getHttpServer()).get('/no/such/path').expect(404);
    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toContain(
      'http_requests_total{method="GET",route="/items/:name",status="200"} 2',
    );
    expect(response.text).toContain(
      'http_requests_total{method="GET",route="unmatched",status="404"} 1',
    );
    expect(response.text).not.toContain('alpha');
  });

  it('moves /metrics to METRICS_PORT and says so on the main port', async () => {
    const port = await freePort();
    app = await boot({ METRICS_PORT: String(port) });
    const main = await request(app.getHttpServer()).get('/metrics').expect(404);
    expect(main.body.message).toBe(`Metrics are served on port ${port} (METRICS_PORT), not here`);
    const separate = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(separate.status).toBe(200);
    expect(await separate.text()).toContain('# TYPE mcp_tool_calls_total counter');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});
