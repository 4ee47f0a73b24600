import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Logs one line per HTTP request when its response finishes: method, path, status, time. */
@Injectable()
export class HttpAccessLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry = {
        // Query strings are left out: they may carry session ids.
        message: `${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms`,
        remoteAddress: req.ip,
        userAgent: req.header('user-agent'),
      };
      if (res.statusCode >= 500) this.logger.error(entry);
      else this.logger.log(entry);
    });
    next();
  }
}
