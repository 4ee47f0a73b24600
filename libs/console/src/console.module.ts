import { Module } from '@nestjs/common';

import { ConsoleController } from './console.controller.js';

/**
 * The built-in web console at /console: static files only. Signing in, reading who you are
 * and running tools all go through the authenticated API (/auth/login, /mcp).
 */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
