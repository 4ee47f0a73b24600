import { generateKeyPairSync } from 'node:crypto';
import { base64url, SignJWT } from 'jose';

import { TestOidcIssuer } from '../../../../test/support/oidc-issuer.js';
import { OidcIssuerUnavailableError, OidcVerifier } from './oidc-verifier.js';

const AUDIENCE = 'mcp-kubernetes-test';

describe('OidcVerifier against a real JWKS over HTTP', () => {
  const issuer = new TestOidcIssuer();
  let sut: OidcVerifier;

  beforeAll(() => issuer.start());
  afterAll(() => issuer.stop());
  beforeEach(() => {
    sut = new OidcVerifier(
      { issuerUrl: issuer.url, audience: AUDIENCE, rolesClaim: 'groups', usernameClaim: 'sub' },
      { cooldownMs: 0 },
    );
  });

  it('accepts a token from the issuer and caches its keys', async () => {
    const before = issuer.jwksFetches;
    await expect(
      sut.verify(await issuer.token({ sub: 'ann', groups: ['ops'] })),
    ).resolves.toMatchObject({ sub: 'ann', groups: ['ops'] });
    await sut.verify(await issuer.token({ sub: 'ann' }));
    expect(issuer.jwksFetches - before).toBe(1);
  });

  it('follows key rotation: a token with a new kid makes it fetch the keys again', async () => {
    await sut.verify(await issuer.token({ sub: 'ann' }));
    const oldToken = await issuer.token({ sub: 'ann' });
    await issuer.rotate('ES256');
    await expect(sut.verify(await issuer.token({ sub: 'ann' }))).resolves.toMatchObject({
      sub: 'ann',
    });
    // The retired key is no longer published, so its tokens now fail.
    await expect(sut.verify(oldToken)).rejects.toThrow(/no applicable key|matching/i);
  });

  it.each([
    [
      'an expired token',
      { expiresIn: Math.floor(Date.now() / 1000) - 60 },
      /"exp" claim timestamp check failed/,
    ],
    [
      'a token that is not valid yet',
      { notBefore: Math.floor(Date.now() / 1000) + 600 },
      /"nbf" claim timestamp check failed/,
    ],
    ['a wrong audience', { audience: 'another-app' }, /unexpected "aud" claim value/],
    ['a wrong issuer', { issuer: 'https://evil.example.com' }, /unexpected "iss" claim value/],
  ])('refuses %s', async (_case, options, message) => {
    await expect(sut.verify(await issuer.token({ sub: 'ann' }, options))).rejects.toThrow(message);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const rogue = await issuer.unpublishedKey();
    await expect(sut.verify(await issuer.token({ sub: 'ann' }, { key: rogue }))).rejects.toThrow(
      /no applicable key|matching/i,
    );
  });

  it('refuses HS256 tokens even when "signed" with the issuer public key (algorithm confusion)', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const hmacKey = new TextEncoder().encode(
      publicKey.export({ type: 'spki', format: 'pem' }) as string,
    );
    const forged = await new SignJWT({ sub: 'ann' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.url)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(hmacKey);
    await expect(sut.verify(forged)).rejects.toThrow(/alg/i);
  });

  it('refuses alg none and a tampered payload', async () => {
    const unsigned = `${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify({ sub: 'ann', iss: issuer.url, aud: AUDIENCE }))}.`;
    await expect(sut.verify(unsigned)).rejects.toThrow();
    const [header, , signature] = (await issuer.token({ sub: 'ann', groups: ['viewers'] })).split(
      '.',
    );
    const tampered = base64url.encode(
      JSON.stringify({ sub: 'ann', groups: ['admins'], iss: issuer.url, aud: AUDIENCE, exp: 9e9 }),
    );
    await expect(sut.verify(`${header}.${tampered}.${signature}`)).rejects.toThrow(
      /signature verification failed/,
    );
  });

  it('reports an unreachable issuer as unavailable on every attempt (a failed discovery is not cached)', async () => {
    const down = new OidcVerifier({
      issuerUrl: 'http://127.0.0.1:1',
      audience: AUDIENCE,
      rolesClaim: 'groups',
      usernameClaim: 'sub',
    });
    await expect(down.verify(await issuer.token({ sub: 'ann' }))).rejects.toThrow(
      OidcIssuerUnavailableError,
    );
    await expect(down.verify(await issuer.token({ sub: 'ann' }))).rejects.toThrow(
      /Cannot read the OIDC discovery document/,
    );
  });
});
