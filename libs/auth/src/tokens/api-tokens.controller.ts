import type { Caller } from '#mcp';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  ValidationPipe,
} from '@nestjs/common';
import type { Request } from 'express';

import { ApiTokensService } from './api-tokens.service.js';
import {
  CreateApiTokenDto,
  type ApiTokenView,
  type CreatedApiToken,
} from './create-api-token.dto.js';

type AuthenticatedRequest = Request & { user?: Caller };

/** A local user's own API tokens: create (the token is shown once), list, revoke. */
@Controller('auth/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @HttpCode(201)
  create(
    @Req() req: AuthenticatedRequest,
    @Body(
      new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        stopAtFirstError: true,
        transform: true,
      }),
    )
    body: CreateApiTokenDto,
  ): Promise<CreatedApiToken> {
    return this.tokens.create(req, body);
  }

  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<ApiTokenView[]> {
    return this.tokens.list(req);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    return this.tokens.revoke(req, id);
  }
}
