import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A tiny OpenID Connect issuer for tests: serves /.well-known/openid-configuration and a JWKS
 * over real HTTP, signs tokens, and can rotate its keys.
 */
export class TestOidcIssuer {
  private server?: Server;
  private keys: SigningKey[] = [];
  url = '';
  /** How often the JWKS was fetched (to see caching and rotation). */
  jwksFetches = 0;

  async start(): Promise<this> {
    this.keys = [await this.newKey('RS256')];
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(
          JSON.stringify({
            issuer: this.url,
            jwks_uri: `${this.url}/jwks`,
            id_token_signing_alg_values_supported: ['RS256', 'ES256'],
          }),
        );
      } else if (req.url === '/jwks') {
        this.jwksFetches += 1;
        res.end(JSON.stringify({ keys: this.keys.map((key) => key.publicJwk) }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Replaces the published keys with a new one (the old key is no longer published). */
  async rotate(alg: 'RS256' | 'ES256' = 'RS256'): Promise<void> {
    this.keys = [await this.newKey(alg)];
  }

  /** A key that signs but is never published. */
  async unpublishedKey(): Promise<SigningKey> {
    return this.newKey('RS256');
  }

  async token(
    claims: Record<string, unknown>,
    options: {
      audience?: string;
      issuer?: string;
      expiresIn?: string | number;
      notBefore?: string | number;
      key?: SigningKey;
    } = {},
  ): Promise<string> {
    const key = options.key ?? this.keys[0];
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setIssuer(options.issuer ?? this.url)
      .setAudience(options.audience ?? 'mcp-kubernetes-test')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '10m');
    if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
    return jwt.sign(key.privateKey);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async newKey(alg: 'RS256' | 'ES256'): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `${alg}-${Math.random().toString(36).slice(2, 10)}`;
    return {
      kid,
      alg,
      privateKey,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    };
  }
}
