import 'reflect-metadata';

import { AppConfig, ConfigurationError, loadDotEnv } from '#config';
import { installGracefulShutdown } from '#health';
import { Logger } from '@nestjs/common';

import { createApp } from './bootstrap.js';
import { runStdio, stdioEnvironment } from './stdio.js';

/** Loads the configuration and serves HTTP, or MCP over stdio with --stdio. */
export async function start(): Promise<void> {
  loadDotEnv();
  const stdio = process.argv.includes('--stdio');
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment(stdio ? stdioEnvironment(process.env) : process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(
        `${error.message}\nSee .env.example for every variable and its accepted values.\n`,
      );
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  if (stdio) return runStdio(config);
  const app = await createApp(config);
  installGracefulShutdown(app);
  await app.listen(config.server.port, config.server.host);
  new Logger('Server').log(
    `Listening on http://${config.server.host}:${config.server.port} (Node ${process.version})`,
  );
}
