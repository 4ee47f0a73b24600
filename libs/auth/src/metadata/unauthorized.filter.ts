import { AppConfig } from '#config';
import {
  Catch,
  UnauthorizedException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { bearerChallenge } from './challenge.js';

/** Gives every 401 a JSON body and a `WWW-Authenticate: Bearer ...` challenge. */
@Catch(UnauthorizedException)
export class UnauthorizedChallengeFilter implements ExceptionFilter {
  constructor(private readonly config: AppConfig) {}

  catch(exception: UnauthorizedException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const body = exception.getResponse();
    res.setHeader(
      'WWW-Authenticate',
      bearerChallenge(this.config, req, Boolean(req.headers.authorization)),
    );
    res
      .status(401)
      .json(
        typeof body === 'string' ? { statusCode: 401, error: 'Unauthorized', message: body } : body,
      );
  }
}
