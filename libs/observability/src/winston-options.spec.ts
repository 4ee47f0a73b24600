import type { LogSettings } from '#config';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, transports } from 'winston';

import { runWithRequestContext } from './request-context.js';
import { winstonOptions } from './winston-options.js';

const settings = (overrides: Partial<LogSettings>): LogSettings => ({
  level: 'info',
  format: 'json',
  console: false,
  ...overrides,
});

async function logToFile(
  overrides: Partial<LogSettings>,
  write: (logger: ReturnType<typeof createLogger>) => void,
): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'winston-spec-')), 'out.log');
  const logger = createLogger(winstonOptions(settings({ ...overrides, file })));
  write(logger);
  await new Promise<void>((resolve) => {
    logger.on('finish', () => resolve());
    logger.end();
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('winstonOptions', () => {
  it('writes one JSON object per line with the request id of the current request', async () => {
    const sut = await logToFile({ format: 'json' }, (logger) =>
      runWithRequestContext({ requestId: 'req-42', user: 'alice' }, () =>
        logger.info('listing pods', { context: 'Tools' }),
      ),
    );
    const line = JSON.parse(sut.trim());
    expect(line).toMatchObject({
      level: 'info',
      message: 'listing pods',
      context: 'Tools',
      requestId: 'req-42',
      user: 'alice',
    });
    expect(line.timestamp).toEqual(expect.any(String));
  });

  it('writes "level: message" lines in the simple format', async () => {
    const sut = await logToFile({ format: 'simple' }, (logger) => logger.warn('cluster slow'));
    expect(sut.trim()).toMatch(/^warn: cluster slow/);
  });

  it('writes readable lines with context and request id in the combined format', async () => {
    const sut = await logToFile({ format: 'combined' }, (logger) =>
      runWithRequestContext({ requestId: 'req-7' }, () =>
        logger.info('started', { context: 'Server' }),
      ),
    );
    expect(sut).toContain('[mcp-kubernetes]');
    expect(sut).toContain('[Server]');
    expect(sut).toContain('started');
    expect(sut).toContain('req-7');
  });

  it('drops entries below the configured level', async () => {
    const sut = await logToFile({ level: 'warn' }, (logger) => {
      logger.info('hidden');
      logger.debug('hidden too');
      logger.error('shown');
    });
    expect(sut).not.toContain('hidden');
    expect(sut).toContain('shown');
  });

  it('logs to the console only when enabled', () => {
    expect(winstonOptions(settings({ console: true })).transports).toEqual([
      expect.any(transports.Console),
    ]);
    expect(winstonOptions(settings({ console: false, file: '/tmp/x.log' })).transports).toEqual([
      expect.any(transports.File),
    ]);
  });

  // In stdio mode standard output carries the MCP protocol: one log line there breaks the client.
  it('sends every console level to standard error when asked (stdio mode)', () => {
    const [sut] = winstonOptions(settings({ console: true }), { stderr: true })
      .transports as transports.ConsoleTransportInstance[];
    for (const level of ['error', 'warn', 'info', 'debug', 'verbose'])
      expect(sut.stderrLevels).toHaveProperty(level);
    const [byDefault] = winstonOptions(settings({ console: true }))
      .transports as transports.ConsoleTransportInstance[];
    expect(byDefault.stderrLevels).toEqual({});
  });

  it('stays silent rather than failing when every output is off', () => {
    const sut = winstonOptions(settings({ console: false }));
    expect(sut.silent).toBe(true);
    expect(sut.transports).toEqual([]);
  });
});
