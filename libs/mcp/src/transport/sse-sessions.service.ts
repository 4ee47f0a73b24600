import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { AppConfig } from '#config';
import type { JSONRPCMessage, Server } from '@modelcontextprotocol/server';
import { MetricsService } from '#observability';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
} from '@nestjs/common';

import type { Caller } from '../registry/caller.js';
import { authInfoFor } from '../server/caller-auth-info.js';
import { McpServerFactory } from '../server/mcp-server.factory.js';
import { JSON_RPC, jsonRpcErrorResponse } from './json-rpc-responses.js';
import { SessionDirectory } from './session-directory.service.js';
import { SessionQuota } from './session-quota.service.js';
import { SseServerTransport } from './sse-server.transport.js';
import { GaugedSessionMap } from './transport-metrics.js';

interface SseSession {
  server: Server;
  transport: SseServerTransport;
  lastSeen: number;
  /** The user who opened the stream; only they may post to it. */
  owner: string;
}

export const SSE_MESSAGES_PATH = '/mcp/messages';

/** HTTP+SSE sessions (protocol 2024-11-05): the stream lives here, messages may come from any replica. */
@Injectable()
export class SseSessions implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SseSessions.name);
  private readonly sessions: Map<string, SseSession>;
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
    this.sessions = new GaugedSessionMap<SseSession>(metrics, 'sse');
    this.idleMs = config.mcp.sessionIdleTimeoutMs;
    this.keepAliveMs = config.mcp.sseKeepAliveMs;
    this.sweeper = setInterval(() => this.expireIdle(), Math.min(this.idleMs / 2, 60000));
    this.sweeper.unref();
    directory.onEvent((event) => {
      const session = this.sessions.get(event.sessionId);
      if (!session) return;
      if (event.type === 'closed') void session.transport.close();
      else this.deliver(session, event.message as JSONRPCMessage, event.caller);
    });
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Opens the stream on `res`, or returns the refusal to send when the caller holds too many. */
  async open(res: ServerResponse, owner: Caller): Promise<Response | undefined> {
    const sessionId = randomUUID();
    if (!(await this.quota.claim(owner.subject, sessionId)))
      return this.quota.refusal(owner.subject);
    const transport = new SseServerTransport(
      sessionId,
      res,
      `${SSE_MESSAGES_PATH}?sessionId=${sessionId}`,
      this.keepAliveMs,
    );
    const server = this.factory.create();
    transport.onclose = () => {
      this.sessions.delete(sessionId);
      this.quota.release(owner.subject, sessionId);
      void this.directory.remove(sessionId).catch(() => undefined);
    };
    this.sessions.set(sessionId, { server, transport, lastSeen: Date.now(), owner: owner.subject });
    await this.directory.register(sessionId, { kind: 'sse', owner: owner.subject });
    await server.connect(transport);
    return undefined;
  }

  /** Accepts POSTed messages for a session whose stream this or another replica holds. */
  async post(
    sessionId: string,
    messages: Record<string, unknown>[],
    caller: Caller,
  ): Promise<Response> {
    const local = this.sessions.get(sessionId);
    // Another user's stream answers exactly like a missing one, so ids cannot be probed.
    if (local && local.owner === caller.subject) {
      for (const message of messages) this.deliver(local, message as JSONRPCMessage, caller);
      return new Response('Accepted', { status: 202 });
    }
    const record = local ? undefined : await this.directory.lookup(sessionId);
    if (record?.kind === 'sse' && record.owner === caller.subject) {
      for (const message of messages)
        await this.directory.forwardSseMessage(sessionId, message, caller);
      await this.directory.touch(sessionId);
      this.quota.refresh(record.owner, sessionId);
      return new Response('Accepted', { status: 202 });
    }
    return jsonRpcErrorResponse(
      404,
      JSON_RPC.sessionNotFound,
      `SSE session "${sessionId}" not found: the stream was closed or expired. ` +
        'Open a new stream with GET /mcp/sse and post to the endpoint it announces.',
    );
  }

  private deliver(session: SseSession, message: JSONRPCMessage, caller: Caller): void {
    session.lastSeen = Date.now();
    this.quota.refresh(session.owner, session.transport.sessionId);
    session.transport.receive(message, authInfoFor(caller));
  }

  private expireIdle(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const [sessionId, session] of this.sessions) {
      if (session.lastSeen >= cutoff) continue;
      this.logger.log(`Closing SSE session ${sessionId} after ${this.idleMs} ms without messages`);
      void session.transport.close();
    }
  }

  /** Ends open streams before the HTTP server closes, so clients see a clean end of stream. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.values()].map((session) => session.transport.close()));
  }
}
