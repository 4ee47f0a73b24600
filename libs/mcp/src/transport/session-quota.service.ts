import { AppConfig } from '#config';
import { Inject, Injectable } from '@nestjs/common';

import { JSON_RPC, jsonRpcErrorResponse } from './json-rpc-responses.js';
import { SessionDirectory } from './session-directory.service.js';

// A client refused for holding too many sessions should close some first; a minute is long
// enough not to hammer the server and short enough for an interactive user.
const RETRY_AFTER_SECONDS = 60;

/**
 * How many MCP sessions and SSE streams one user may hold at once (MCP_MAX_SESSIONS_PER_USER),
 * so one caller cannot pin thousands of servers in memory. With REDIS_URL the count covers
 * every replica (sessions lapse there after the idle timeout, so a crashed replica's sessions
 * stop counting); without it each replica counts its own.
 */
@Injectable()
export class SessionQuota {
  private readonly max: number;
  private readonly local = new Map<string, Set<string>>();

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly directory: SessionDirectory,
  ) {
    this.max = config.mcp.maxSessionsPerUser;
  }

  /** Records a new session of `owner`; false when they are at the limit. */
  async claim(owner: string, sessionId: string): Promise<boolean> {
    if (this.max === 0) return true;
    if (this.directory.shared) return this.directory.claimOwned(owner, sessionId, this.max);
    const held = this.local.get(owner) ?? new Set<string>();
    if (held.size >= this.max) return false;
    this.local.set(owner, held.add(sessionId));
    return true;
  }

  /** Keeps a session counted while it is in use (with Redis its entry lapses otherwise). */
  refresh(owner: string, sessionId: string): void {
    if (this.max === 0 || !this.directory.shared) return;
    void this.directory.refreshOwned(owner, sessionId).catch(() => undefined);
  }

  release(owner: string, sessionId: string): void {
    if (this.max === 0) return;
    const held = this.local.get(owner);
    if (held?.delete(sessionId) && held.size === 0) this.local.delete(owner);
    if (this.directory.shared)
      void this.directory.releaseOwned(owner, sessionId).catch(() => undefined);
  }

  /** 429 with Retry-After and a JSON-RPC error that says how to free a slot. */
  refusal(owner: string): Response {
    return jsonRpcErrorResponse(
      429,
      JSON_RPC.serverError,
      `Too many open MCP sessions: "${owner}" already holds ${this.max} (MCP_MAX_SESSIONS_PER_USER). ` +
        'End sessions you no longer use with DELETE /mcp and their Mcp-Session-Id header, or close ' +
        'SSE streams (GET /mcp/sse); idle sessions also end by themselves. Then try again.',
      null,
      { 'retry-after': String(RETRY_AFTER_SECONDS) },
    );
  }
}
