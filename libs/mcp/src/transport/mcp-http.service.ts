import type { ServerResponse } from 'node:http';

import { AppConfig } from '#config';
import {
  createMcpHandler,
  isLegacyRequest,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { MetricsService } from '#observability';
import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown } from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import { authInfoFor, callerOfRequest, MissingCallerError } from '../server/caller-auth-info.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import {
  isSupportedProtocolVersion,
  unsupportedProtocolVersionMessage,
} from '../server/protocol-versions.js';
import { JSON_RPC, jsonRpcErrorResponse, parseJsonRpcBody } from './json-rpc-responses.js';
import { ListenWatches } from './listen-watches.js';
import { MCP_RAW_BODY, type RequestWithMcpBody } from './mcp-body.middleware.js';
import { abortOnDisconnect, sendWebResponse, toWebRequest } from './node-web-bridge.js';
import { OriginPolicy } from './origin-policy.js';
import { SseSessions } from './sse-sessions.service.js';
import { StreamableSessions } from './streamable-sessions.service.js';
import { trackStream } from './transport-metrics.js';

type McpRequest = RequestWithMcpBody & { user?: unknown; query?: Record<string, unknown> };

/**
 * The HTTP edge of MCP. Checks what every transport shares (Origin, protocol version header,
 * JSON-RPC framing), then hands the exchange to the SDK: 2026-07-28 requests to its
 * sessionless handler, 2025-era requests to Streamable HTTP sessions, and 2024-11-05 SSE.
 */
@Injectable()
export class McpHttpService implements OnApplicationShutdown {
  private readonly logger = new Logger(McpHttpService.name);
  private readonly modern: McpHttpHandler;
  private readonly authEnabled: boolean;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    factory: McpServerFactory,
    private readonly origins: OriginPolicy,
    private readonly streamable: StreamableSessions,
    private readonly sse: SseSessions,
    private readonly listens: ListenWatches,
    @Optional() private readonly metrics?: MetricsService,
  ) {
    this.authEnabled = config.auth.enabled;
    this.modern = createMcpHandler(() => factory.create(), {
      legacy: 'reject',
      keepAliveMs: config.mcp.sseKeepAliveMs,
      maxRequestBodySize: config.mcp.maxBodyBytes,
      onerror: (error) => this.logger.debug(`MCP request rejected: ${error.message}`),
    });
  }

  /** POST/GET/DELETE /mcp */
  async serveStreamable(req: McpRequest, res: ServerResponse): Promise<void> {
    const signal = abortOnDisconnect(res);
    const refused = this.refuseEarly(req);
    if (refused) return sendWebResponse(res, refused);
    const caller = this.callerOf(req);
    if (caller instanceof Response) return sendWebResponse(res, caller);
    let body: unknown;
    let messages: Record<string, unknown>[] = [];
    let isInitialize = false;
    if (req.method === 'POST') {
      const parsed = this.parseBody(req);
      if (!parsed.ok) return sendWebResponse(res, parsed.response);
      body = parsed.parsed;
      messages = parsed.messages;
      isInitialize = messages.some((message) => message['method'] === 'initialize');
    }
    const request = toWebRequest(req, undefined, signal);
    const authInfo = authInfoFor(caller);
    if (await isLegacyRequest(request, body)) {
      return this.send(res, await this.streamable.handle(request, body, authInfo, isInitialize));
    }
    const listenRefused = await this.listens.start(messages, caller, signal, (uri) =>
      this.modern.notify.resourceUpdated(uri),
    );
    if (listenRefused) return sendWebResponse(res, listenRefused);
    await this.send(res, await this.modern.fetch(request, { authInfo, parsedBody: body }));
  }

  /** GET /mcp/sse */
  async openSseStream(req: McpRequest, res: ServerResponse): Promise<void> {
    const refused = this.refuseEarly(req);
    if (refused) return sendWebResponse(res, refused);
    const caller = this.callerOf(req);
    if (caller instanceof Response) return sendWebResponse(res, caller);
    const overQuota = await this.sse.open(res, caller);
    if (overQuota) return sendWebResponse(res, overQuota);
    trackStream(res, this.metrics, 'sse');
  }

  /** POST /mcp/messages?sessionId=... */
  async postSseMessage(req: McpRequest, res: ServerResponse, sessionId: unknown): Promise<void> {
    const refused = this.refuseEarly(req);
    if (refused) return sendWebResponse(res, refused);
    const caller = this.callerOf(req);
    if (caller instanceof Response) return sendWebResponse(res, caller);
    if (typeof sessionId !== 'string' || sessionId === '') {
      return sendWebResponse(
        res,
        jsonRpcErrorResponse(
          400,
          JSON_RPC.serverError,
          'Bad Request: the sessionId query parameter is missing. Post to the endpoint URL sent in the SSE "endpoint" event.',
        ),
      );
    }
    const parsed = this.parseBody(req);
    if (!parsed.ok) return sendWebResponse(res, parsed.response);
    const response = await this.sse.post(sessionId, parsed.messages, caller);
    await sendWebResponse(res, response);
  }

  /** Sends a Streamable HTTP answer, counting it while it streams. */
  private async send(res: ServerResponse, response: Response): Promise<void> {
    if (response.headers.get('content-type')?.includes('text/event-stream'))
      trackStream(res, this.metrics, 'streamable-http');
    await sendWebResponse(res, response);
  }

  private refuseEarly(req: McpRequest): Response | undefined {
    const refusal = this.origins.refusal(req.headers.origin, req.headers.host);
    if (refusal) return jsonRpcErrorResponse(403, JSON_RPC.serverError, `Forbidden: ${refusal}`);
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !isSupportedProtocolVersion(version)) {
      return jsonRpcErrorResponse(
        400,
        JSON_RPC.serverError,
        `Bad Request: ${unsupportedProtocolVersionMessage(version)}`,
      );
    }
    return undefined;
  }

  /** With auth on, a request without a caller is refused; it never runs as the anonymous admin. */
  private callerOf(req: McpRequest): Caller | Response {
    try {
      return callerOfRequest(req.user, this.authEnabled);
    } catch (error) {
      if (!(error instanceof MissingCallerError)) throw error;
      this.logger.error(error.message);
      return jsonRpcErrorResponse(401, JSON_RPC.serverError, `Unauthorized: ${error.message}`);
    }
  }

  private parseBody(req: McpRequest): ReturnType<typeof parseJsonRpcBody> {
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType)) {
      return {
        ok: false,
        response: jsonRpcErrorResponse(
          415,
          JSON_RPC.serverError,
          `Unsupported Media Type: send JSON-RPC with Content-Type: application/json (got "${contentType || 'none'}").`,
        ),
      };
    }
    return parseJsonRpcBody((req[MCP_RAW_BODY] ?? Buffer.alloc(0)).toString('utf8'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.modern.close();
  }
}
