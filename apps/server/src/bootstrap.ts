import { applyHttpTimeouts, applyTransportSecurity, httpsOptions } from '#auth';
import { AppConfig } from '#config';
import { mcpBodyReader } from '#mcp';
import { winstonOptions } from '#observability';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WinstonModule } from 'nest-winston';

import { AppModule } from './app.module.js';

/** Creates the configured application without listening, so tests can boot the same app. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    httpsOptions: httpsOptions(config),
    logger: WinstonModule.createLogger(winstonOptions(config.log)),
    bufferLogs: true,
  });
  app.disable('x-powered-by');
  if (config.server.timeouts) applyHttpTimeouts(app.getHttpServer(), config.server.timeouts);
  // Security headers first, so every answer carries them (413s of the body readers too).
  applyTransportSecurity(app, config);
  // Before the JSON parser: MCP answers bad JSON and oversized bodies as JSON-RPC errors itself.
  app.use('/mcp', mcpBodyReader(config.mcp.maxBodyBytes));
  // Signals are handled by installGracefulShutdown (main.ts), which drains before closing.
  return app;
}
