import 'reflect-metadata';

import { AppConfig } from '#config';
import type { INestApplication } from '@nestjs/common';

import { createApp } from '../../apps/server/src/bootstrap.js';
import { adminKubeconfigPath } from './cluster.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-production-use-0123456789';

/**
 * Boots the real application (AppModule, real Kubernetes client against the local cluster)
 * on a free loopback port. Environment overrides take precedence over the test defaults.
 */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    KUBECONFIG: adminKubeconfigPath(),
    AUTH_ENABLED: 'false',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_CONSOLE: 'false',
    LOG_LEVEL: 'warn',
    // Tests send many requests from 127.0.0.1; the ones about rate limits set their own.
    RATE_LIMIT_MAX: '0',
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, config, url, close: () => app.close() };
}
