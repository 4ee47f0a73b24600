import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#config';

/**
 * Browser requests carry an Origin; a page on another site must not drive the server through
 * the user's browser (DNS rebinding, CSRF). Same-origin requests, listed origins and requests
 * without an Origin (CLI tools, server-side clients) pass.
 */
@Injectable()
export class OriginPolicy {
  private readonly allowed: Set<string>;
  private readonly allowAll: boolean;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.allowAll = config.mcp.allowedOrigins.includes('*');
    this.allowed = new Set(config.mcp.allowedOrigins.map((origin) => origin.toLowerCase()));
  }

  /** Returns why the request is refused, or undefined when it may proceed. */
  refusal(origin: string | undefined, host: string | undefined): string | undefined {
    if (!origin || this.allowAll) return undefined;
    const normalized = origin.toLowerCase();
    if (this.allowed.has(normalized)) return undefined;
    if (host && sameHost(normalized, host.toLowerCase())) return undefined;
    return (
      `Origin "${origin}" is not allowed to call this MCP server. ` +
      'Add it to MCP_ALLOWED_ORIGINS (comma-separated) if this browser app should have access.'
    );
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
