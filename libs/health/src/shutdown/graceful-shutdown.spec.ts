import { AppConfig, ConfigModule } from '#config';
import { KUBE_CONFIG, KubernetesModule } from '#kubernetes';
import { ObservabilityModule } from '#observability';
import { KubeConfig } from '@kubernetes/client-node';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { HealthModule } from '../health.module.js';
import { drainAndClose } from './graceful-shutdown.js';
import { ShutdownState } from './shutdown-state.js';

let finishSlow: () => void = () => undefined;

@Controller('slow')
class SlowController {
  @Get()
  slow(): Promise<string> {
    return new Promise((resolve) => (finishSlow = () => resolve('finished')));
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

async function boot(shutdownTimeoutMs: number): Promise<{ app: INestApplication; url: string }> {
  const config = AppConfig.fromEnvironment({
    AUTH_ENABLED: 'false',
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      ObservabilityModule,
      KubernetesModule,
      HealthModule,
      SlowModule,
    ],
  })
    .overrideProvider(KUBE_CONFIG)
    .useValue(kubeConfig)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** Waits until the server counts the slow request in flight: a fixed sleep loses under load. */
async function untilInFlight(app: INestApplication): Promise<void> {
  const state = app.get(ShutdownState);
  for (let i = 0; i < 500 && state.inFlight === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(state.inFlight).toBe(1);
}

describe('drainAndClose', () => {
  it('waits for the request in flight, lets it finish, and reports a clean exit (0)', async () => {
    const { app, url } = await boot(5000);
    const slow = fetch(`${url}/slow`).then((response) => response.text());
    await untilInFlight(app);
    const sut = drainAndClose(app, 'SIGTERM');
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    finishSlow();
    await expect(slow).resolves.toBe('finished');
    await expect(sut).resolves.toBe(0);
  });

  it('gives up after SHUTDOWN_TIMEOUT_MS, cuts the connection and reports 1', async () => {
    const { app, url } = await boot(300);
    const slow = fetch(`${url}/slow`).then(
      () => 'answered',
      () => 'cut',
    );
    await untilInFlight(app);
    const started = Date.now();
    await expect(drainAndClose(app, 'SIGTERM')).resolves.toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(slow).resolves.toBe('cut');
    finishSlow();
  });
});
