import { AppConfig } from '#config';
import { Logger, type INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

import { ShutdownState } from './shutdown-state.js';

const logger = new Logger('Shutdown');
// Even with SHUTDOWN_TIMEOUT_MS=0, idle keep-alive connections get a moment to close.
const MIN_CLOSE_MS = 500;

export interface GracefulShutdownOptions {
  signals?: NodeJS.Signals[];
  /** Called with the exit code at the end; the default exits the process. */
  exit?: (code: number) => void;
}

/**
 * Replaces Nest's default signal handling with a drain that Kubernetes rolls over cleanly:
 * 1. readiness turns 503 and new MCP sessions are refused at once;
 * 2. requests and tracked work in flight get up to SHUTDOWN_TIMEOUT_MS to finish;
 * 3. the application closes (modules end their streams in beforeApplicationShutdown);
 * 4. the process exits 0, or 1 when the timeout forced connections closed.
 */
export function installGracefulShutdown(
  app: INestApplication,
  {
    signals = ['SIGTERM', 'SIGINT'],
    exit = (code) => process.exit(code),
  }: GracefulShutdownOptions = {},
): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) {
      logger.warn(`Received ${signal} again while shutting down; still draining`);
      return;
    }
    started = true;
    void drainAndClose(app, signal).then(exit, (error: unknown) => {
      logger.error(`Shutdown failed: ${(error as Error).stack ?? String(error)}`);
      exit(1);
    });
  };
  for (const signal of signals) process.on(signal, onSignal);
}

/** Runs the shutdown sequence and resolves with the exit code. */
export async function drainAndClose(app: INestApplication, reason: string): Promise<number> {
  const state = app.get(ShutdownState);
  const timeoutMs = app.get(AppConfig).runtime.shutdownTimeoutMs;
  const deadline = Date.now() + timeoutMs;
  state.begin(reason);
  logger.log(
    `Received ${reason}: readiness is now 503 and new sessions are refused; waiting up to ${timeoutMs}ms for ${state.inFlight} request(s) in flight`,
  );
  const drained = await state.waitForIdle(timeoutMs);
  if (!drained) {
    logger.warn(`${state.inFlight} request(s) still running after ${timeoutMs}ms; closing anyway`);
  }
  const server = app.getHttpServer() as Server;
  state.beginClosing();
  const closed = await Promise.race([
    app.close().then(() => true),
    delay(Math.max(deadline - Date.now(), MIN_CLOSE_MS)).then(() => false),
  ]);
  if (!closed) {
    logger.warn('Open connections did not end in time; closing them');
    server.closeAllConnections();
  }
  const clean = drained && closed;
  logger.log(clean ? 'Shut down cleanly' : 'Shut down after the timeout');
  return clean ? 0 : 1;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
