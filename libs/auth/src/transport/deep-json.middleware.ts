import { MAX_JSON_DEPTH, valueNestsDeeperThan } from '#mcp';
import { BadRequestException, Injectable, type NestMiddleware } from '@nestjs/common';

/**
 * Refuses JSON bodies (POST /auth/login and the other routes outside /mcp, whose own reader
 * checks the raw bytes) nested deeper than MAX_JSON_DEPTH, before validation pipes or loggers
 * walk them recursively and overflow the stack: a clear 400 instead of a 500.
 */
@Injectable()
export class DeepJsonMiddleware implements NestMiddleware {
  use(req: { body?: unknown }, _res: unknown, next: () => void): void {
    if (valueNestsDeeperThan(req.body))
      throw new BadRequestException(
        `JSON nested more than ${MAX_JSON_DEPTH} levels deep; send a flat JSON object, e.g. {"username": "...", "password": "..."}`,
      );
    next();
  }
}
