import { randomUUID } from 'node:crypto';

import { AppConfig } from '#config';
import type { AuthInfo, Server } from '@modelcontextprotocol/server';
import { MetricsService } from '#observability';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
} from '@nestjs/common';

import { McpServerFactory } from '../server/mcp-server.factory.js';
import { AcceptAwareTransport } from './accept-aware.transport.js';
import { JSON_RPC, jsonRpcErrorResponse } from './json-rpc-responses.js';
import { SessionDirectory } from './session-directory.service.js';
import { SessionQuota } from './session-quota.service.js';
import { GaugedSessionMap } from './transport-metrics.js';

interface Session {
  server: Server;
  transport: AcceptAwareTransport;
  lastSeen: number;
  owner: string;
}

/**
 * Streamable HTTP for the 2025-era protocol versions: sessions created by `initialize` and
 * named by `Mcp-Session-Id`, plus sessionless single requests (plain JSON-RPC clients).
 */
@Injectable()
export class StreamableSessions implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamableSessions.name);
  private readonly sessions: Map<string, Session>;
  /** Sessions being taken over from another replica, by id. */
  private readonly adoptions = new Map<string, Promise<Session | undefined>>();
  /** Sessions closed elsewhere while this replica was taking them over. */
  private readonly closedWhileAdopting = new Set<string>();
  private shuttingDown = false;
  private readonly sweeper: NodeJS.Timeout;
  private readonly idleMs: number;
  private readonly keepAliveMs: number;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly factory: McpServerFactory,
    private readonly directory: SessionDirectory,
    private readonly quota: SessionQuota,
    @Optional() metrics?: MetricsService,
  ) {
    this.sessions = new GaugedSessionMap<Session>(metrics, 'streamable-http');
    this.idleMs = config.mcp.sessionIdleTimeoutMs;
    this.keepAliveMs = config.mcp.sseKeepAliveMs;
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(this.idleMs / 2, 60000));
    this.sweeper.unref();
    directory.onEvent((event) => {
      if (event.type !== 'closed') return;
      if (this.adoptions.has(event.sessionId)) this.closedWhileAdopting.add(event.sessionId);
      void this.closeLocal(event.sessionId);
    });
  }

  get size(): number {
    return this.sessions.size;
  }

  async handle(
    request: Request,
    body: unknown,
    authInfo: AuthInfo,
    isInitialize: boolean,
  ): Promise<Response> {
    const sessionId = request.headers.get('mcp-session-id');
    if (sessionId) return this.handleInSession(sessionId, request, body, authInfo);
    if (request.method === 'POST' && isInitialize) return this.initialize(request, body, authInfo);
    if (request.method === 'POST') return this.handleSessionless(request, body, authInfo);
    return jsonRpcErrorResponse(
      400,
      JSON_RPC.serverError,
      `Bad Request: ${request.method} /mcp needs the Mcp-Session-Id header returned by initialize.`,
    );
  }

  private async initialize(request: Request, body: unknown, authInfo: AuthInfo): Promise<Response> {
    const owner = authInfo.clientId;
    const newId = randomUUID();
    if (!(await this.quota.claim(owner, newId))) return this.quota.refusal(owner);
    const session = await this.open(undefined, owner, newId);
    const response = await session.transport.handleRequest(request, { parsedBody: body, authInfo });
    const sessionId = session.transport.sessionId;
    if (sessionId) {
      this.sessions.set(sessionId, session);
      await this.directory.register(sessionId, {
        kind: 'streamable',
        owner: session.owner,
        protocolVersion: session.server.getNegotiatedProtocolVersion(),
      });
    } else {
      // initialize was refused, so no session exists to count.
      this.quota.release(owner, newId);
      void session.server.close().catch(() => undefined);
    }
    return response;
  }

  private async handleInSession(
    sessionId: string,
    request: Request,
    body: unknown,
    authInfo: AuthInfo,
  ): Promise<Response> {
    const session = this.sessions.get(sessionId) ?? (await this.adopt(sessionId));
    // Another user's session answers exactly like a missing one, so ids cannot be probed.
    if (!session || session.owner !== authInfo.clientId) {
      return jsonRpcErrorResponse(
        404,
        JSON_RPC.sessionNotFound,
        `Session "${sessionId}" not found: it expired, was closed or never existed. ` +
          'Start a new session by sending initialize without an Mcp-Session-Id header.',
      );
    }
    session.lastSeen = Date.now();
    void this.directory.touch(sessionId);
    this.quota.refresh(session.owner, sessionId);
    const response = await session.transport.handleRequest(request, { parsedBody: body, authInfo });
    if (request.method === 'DELETE' && response.ok) {
      this.sessions.delete(sessionId);
      this.quota.release(session.owner, sessionId);
      await this.directory.remove(sessionId);
    }
    return response;
  }

  /**
   * A session another replica opened, taken over from the directory. Requests that arrive at
   * once share one adoption: each opening its own server would leave all but one unclosed.
   */
  private adopt(sessionId: string): Promise<Session | undefined> {
    let adoption = this.adoptions.get(sessionId);
    if (!adoption) {
      adoption = this.adoptFromDirectory(sessionId).finally(() => this.adoptions.delete(sessionId));
      this.adoptions.set(sessionId, adoption);
    }
    return adoption;
  }

  private async adoptFromDirectory(sessionId: string): Promise<Session | undefined> {
    const record = await this.directory.lookup(sessionId);
    if (record?.kind !== 'streamable') return undefined;
    const session = await this.open(sessionId, record.owner, undefined, record.protocolVersion);
    // Deleted on another replica meanwhile, or this one is shutting down: keep nothing open.
    if (this.closedWhileAdopting.delete(sessionId) || this.shuttingDown) {
      await session.server.close().catch(() => undefined);
      return undefined;
    }
    this.sessions.set(sessionId, session);
    return session;
  }

  private async handleSessionless(
    request: Request,
    body: unknown,
    authInfo: AuthInfo,
  ): Promise<Response> {
    const server = this.factory.create();
    const transport = new AcceptAwareTransport({
      sessionIdGenerator: undefined,
      keepAliveMs: this.keepAliveMs,
    });
    await server.connect(transport);
    const response = await transport.handleRequest(request, { parsedBody: body, authInfo });
    if (!response.headers.get('content-type')?.includes('text/event-stream')) void server.close();
    return response;
  }

  private async open(
    adoptedId: string | undefined,
    owner: string,
    newId: string = randomUUID(),
    protocolVersion?: string,
  ): Promise<Session> {
    const server = this.factory.create(undefined, protocolVersion);
    const transport = new AcceptAwareTransport({
      sessionIdGenerator: () => newId,
      keepAliveMs: this.keepAliveMs,
    });
    await server.connect(transport);
    if (adoptedId) transport.adopt(adoptedId);
    transport.onclose = () => {
      const id = transport.sessionId;
      if (!id || this.sessions.get(id)?.transport !== transport) return;
      this.sessions.delete(id);
      this.quota.release(owner, id);
    };
    return { server, transport, lastSeen: Date.now(), owner };
  }

  private async closeLocal(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    this.quota.release(session.owner, sessionId);
    await session.server.close().catch(() => undefined);
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [sessionId, session] of this.sessions) {
      if (session.lastSeen >= cutoff) continue;
      this.logger.log(`Closing MCP session ${sessionId} after ${this.idleMs} ms without requests`);
      // Only the local copy: with Redis another replica may still serve it (the key expires by itself).
      void this.closeLocal(sessionId);
    }
  }

  /** Ends open streams before the HTTP server closes, so clients see a clean end of stream. */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.sweeper);
    await Promise.allSettled(this.adoptions.values());
    await Promise.all([...this.sessions.keys()].map((sessionId) => this.closeLocal(sessionId)));
  }
}
