import type { AppConfig } from '#config';
import type { Request } from 'express';

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/** The server's external base URL: PUBLIC_URL, or what the request (and trusted proxies) say. */
export function publicBaseUrl(config: AppConfig, req: Request): string {
  return config.auth.transport.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/**
 * The WWW-Authenticate value for a 401 (RFC 6750; RFC 9728 resource_metadata when an OIDC
 * issuer is configured, so MCP clients can discover where to sign in).
 */
export function bearerChallenge(config: AppConfig, req: Request, hadToken: boolean): string {
  const parts = ['Bearer realm="mcp-kubernetes"'];
  if (hadToken) parts.push('error="invalid_token"');
  if (config.auth.oidc) {
    const path = req.path.startsWith('/mcp')
      ? `${PROTECTED_RESOURCE_PATH}/mcp`
      : PROTECTED_RESOURCE_PATH;
    parts.push(`resource_metadata="${publicBaseUrl(config, req)}${path}"`);
  }
  return parts.join(', ');
}
