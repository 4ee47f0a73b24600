import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '#config';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Browser requests carry an Origin; a page on another site must not drive the server through
 * the user's browser (CSRF). Same-origin requests, listed origins and requests without an
 * Origin (CLI tools, server-side clients) pass. The Host header is checked as well, because a
 * page that uses DNS rebinding is "same-origin" with its own host name: a server bound to
 * loopback answers only to loopback names unless MCP_ALLOWED_HOSTS says otherwise.
 */
@Injectable()
export class OriginPolicy {
  private readonly allowedOrigins: Set<string>;
  private readonly allowAllOrigins: boolean;
  private readonly allowedHosts: Set<string> | undefined;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.allowAllOrigins = config.mcp.allowedOrigins.includes('*');
    this.allowedOrigins = new Set(config.mcp.allowedOrigins.map((origin) => origin.toLowerCase()));
    this.allowedHosts = hostAllowlist(config.mcp.allowedHosts ?? [], config.server.host);
  }

  /** Returns why the request is refused, or undefined when it may proceed. */
  refusal(origin: string | undefined, host: string | undefined): string | undefined {
    return this.hostRefusal(host) ?? this.originRefusal(origin, host);
  }

  private hostRefusal(host: string | undefined): string | undefined {
    if (!this.allowedHosts) return undefined;
    const name = host ? hostName(host) : undefined;
    if (name !== undefined && this.allowedHosts.has(name)) return undefined;
    return (
      `Host "${host ?? ''}" is not allowed to call this MCP server. ` +
      'Call it by one of its own names, or add this name to MCP_ALLOWED_HOSTS (comma-separated).'
    );
  }

  private originRefusal(origin: string | undefined, host: string | undefined): string | undefined {
    if (!origin || this.allowAllOrigins) return undefined;
    const normalized = origin.toLowerCase();
    if (this.allowedOrigins.has(normalized)) return undefined;
    if (host && sameHost(normalized, host.toLowerCase())) return undefined;
    return (
      `Origin "${origin}" is not allowed to call this MCP server. ` +
      'Add it to MCP_ALLOWED_ORIGINS (comma-separated) if this browser app should have access.'
    );
  }
}

/**
 * The host names to accept, or undefined for any. Listed names win (`*`: any); with none
 * listed, a loopback-bound server accepts only loopback names and any other accepts all.
 */
export function hostAllowlist(listed: string[], boundHost: string): Set<string> | undefined {
  if (listed.includes('*')) return undefined;
  if (listed.length > 0) return new Set(listed.map((name) => name.toLowerCase()));
  return isLoopback(boundHost) ? LOOPBACK_NAMES : undefined;
}

/** `Example.com:3000` -> `example.com`, `[::1]:3000` -> `[::1]`; undefined when malformed. */
export function hostName(host: string): string | undefined {
  try {
    const url = new URL(`http://${host.trim()}`);
    return url.username || url.pathname !== '/' ? undefined : url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
