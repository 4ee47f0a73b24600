import { Public } from '#auth';
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { ConsoleAssets } from './console-assets.js';

/**
 * Stricter than the API's policy: scripts, styles, images and requests from this origin only,
 * no inline code, no frames, no plugins, no form posts elsewhere.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** GET /console/ and its files (script, style, icon); public because they hold no data. */
@Controller('console')
export class ConsoleController {
  private readonly assets = new ConsoleAssets();

  @Public()
  @Get()
  page(@Req() req: Request, @Res() res: Response): void {
    // Relative links (console.js, ../mcp) need the trailing slash; they keep working under a
    // path prefix added by a reverse proxy.
    if (!req.originalUrl.split('?')[0].endsWith('/')) return res.redirect(301, 'console/');
    this.send(res, 'index.html');
  }

  @Public()
  @Get(':file')
  file(@Param('file') file: string, @Res() res: Response): void {
    this.send(res, file);
  }

  private send(res: Response, name: string): void {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`No console file "${name}"; open /console/`);
    res
      .status(200)
      .set({
        'Content-Type': asset.contentType,
        'Content-Security-Policy': CONSOLE_CSP,
        'Cache-Control': 'no-cache',
        'Referrer-Policy': 'no-referrer',
      })
      .send(asset.body);
  }
}
