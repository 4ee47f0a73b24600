import type { LogSettings } from '#config';
import { utilities as nestWinston } from 'nest-winston';
import { config, format, transports, type LoggerOptions } from 'winston';
import type Transport from 'winston-transport';

import { currentRequestContext } from './request-context.js';

/** Adds the current request's id (and user, once known) to every log entry. */
const requestContext = format((info) => {
  const context = currentRequestContext();
  if (context) {
    info.requestId = context.requestId;
    if (context.user) info.user = context.user;
  }
  return info;
});

const APP_NAME = 'mcp-kubernetes';

function formatFor(settings: LogSettings, colors: boolean) {
  switch (settings.format) {
    case 'json':
      return format.combine(
        requestContext(),
        format.timestamp(),
        format.errors({ stack: true }),
        format.json(),
      );
    case 'simple':
      return format.combine(requestContext(), format.errors({ stack: true }), format.simple());
    case 'combined':
      return format.combine(
        requestContext(),
        format.timestamp(),
        format.errors({ stack: true }),
        format.ms(),
        nestWinston.format.nestLike(APP_NAME, { colors, prettyPrint: false, processId: true }),
      );
  }
}

/**
 * Winston options for the configured level, format and outputs (console and/or file).
 * With both outputs off the logger stays silent rather than failing. `stderr` sends console
 * logs to standard error, for the stdio mode where standard output carries the protocol.
 */
export function winstonOptions(
  settings: LogSettings,
  { stderr = false }: { stderr?: boolean } = {},
): LoggerOptions {
  const outputs: Transport[] = [];
  if (settings.console) {
    const stream = stderr ? process.stderr : process.stdout;
    outputs.push(
      new transports.Console({
        format: formatFor(settings, Boolean(stream.isTTY)),
        stderrLevels: stderr ? Object.keys(config.npm.levels) : [],
      }),
    );
  }
  if (settings.file) {
    outputs.push(
      new transports.File({ filename: settings.file, format: formatFor(settings, false) }),
    );
  }
  return {
    level: settings.level,
    transports: outputs,
    silent: outputs.length === 0,
  };
}
