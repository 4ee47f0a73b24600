import type { OidcSettings } from '#config';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';

/** Only asymmetric algorithms: an HMAC "signed" with the issuer's public key must never pass. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

export interface OidcVerifierOptions {
  /** Least time between two JWKS fetches caused by an unknown `kid` (rotation). */
  cooldownMs?: number;
  /** Keys are fetched again after this long even without an unknown `kid`. */
  cacheMaxAgeMs?: number;
}

/** The issuer cannot be reached or its discovery document is wrong (a server-side problem). */
export class OidcIssuerUnavailableError extends Error {
  override name = 'OidcIssuerUnavailableError';
}

/**
 * Verifies OIDC access/ID tokens with jose against the issuer's JWKS, found through
 * /.well-known/openid-configuration. jose caches the keys and fetches them again when a token
 * names an unknown `kid`, which is how key rotation reaches this server.
 */
export class OidcVerifier {
  private keys?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly options: OidcVerifierOptions = {},
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    const keys = await this.keySet();
    const { payload } = await jwtVerify(token, keys, {
      issuer: this.settings.issuerUrl,
      audience: this.settings.audience,
      algorithms: OIDC_ALGORITHMS,
      clockTolerance: 5,
      requiredClaims: ['exp'],
    });
    return payload;
  }

  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    // A failed discovery is not cached, so the next request tries again.
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const issuer = this.settings.issuerUrl;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new OidcIssuerUnavailableError(
        `Cannot read the OIDC discovery document ${url}: ${(error as Error).message}`,
      );
    }
    if (document.issuer !== issuer) {
      throw new OidcIssuerUnavailableError(
        `The OIDC discovery document names issuer "${String(document.issuer)}", not OIDC_ISSUER_URL "${issuer}"`,
      );
    }
    if (typeof document.jwks_uri !== 'string') {
      throw new OidcIssuerUnavailableError(`The OIDC discovery document ${url} has no jwks_uri`);
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), {
      cooldownDuration: this.options.cooldownMs ?? 30_000,
      cacheMaxAge: this.options.cacheMaxAgeMs ?? 600_000,
      timeoutDuration: 5000,
    });
  }
}
