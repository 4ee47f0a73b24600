import type { ServerResponse } from 'node:http';

import { Controller, Delete, Get, Post, Query, Req, Res } from '@nestjs/common';

import { McpHttpService } from './transport/mcp-http.service.js';

type McpRequest = Parameters<McpHttpService['serveStreamable']>[0];

/** MCP over HTTP: Streamable HTTP at /mcp, HTTP+SSE at /mcp/sse and /mcp/messages. */
@Controller('mcp')
export class McpController {
  constructor(private readonly http: McpHttpService) {}

  @Post()
  post(@Req() req: McpRequest, @Res() res: ServerResponse): Promise<void> {
    return this.http.serveStreamable(req, res);
  }

  @Get()
  stream(@Req() req: McpRequest, @Res() res: ServerResponse): Promise<void> {
    return this.http.serveStreamable(req, res);
  }

  @Delete()
  end(@Req() req: McpRequest, @Res() res: ServerResponse): Promise<void> {
    return this.http.serveStreamable(req, res);
  }

  @Get('sse')
  openSse(@Req() req: McpRequest, @Res() res: ServerResponse): Promise<void> {
    return this.http.openSseStream(req, res);
  }

  @Post('messages')
  postSseMessage(
    @Req() req: McpRequest,
    @Res() res: ServerResponse,
    @Query('sessionId') sessionId: unknown,
  ): Promise<void> {
    return this.http.postSseMessage(req, res, sessionId);
  }
}
