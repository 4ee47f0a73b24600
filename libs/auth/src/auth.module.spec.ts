import type { INestApplication } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, base64url, decodeJwt } from 'jose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

import { ANONYMOUS_ADMIN } from '#mcp';

import { PASSWORDS, TEST_SECRET, authTestApp } from '../../../test/support/auth-test-app.js';
import { BUILT_IN_CAPABILITIES } from './policy/built-in-roles.js';

const secretKey = new TextEncoder().encode(TEST_SECRET);
const now = (): number => Math.floor(Date.now() / 1000);

/** A login token as the server would sign it; `claims` may override or remove (undefined) any claim. */
function token(
  claims: Record<string, unknown>,
  options: { key?: Uint8Array } = {},
): Promise<string> {
  const payload = Object.fromEntries(
    Object.entries({
      sub: 'vera',
      roles: ['viewer'],
      namespaces: ['*'],
      iss: 'mcp-kubernetes',
      aud: 'mcp-kubernetes',
      iat: now(),
      exp: now() + 600,
      jti: randomUUID(),
      ...claims,
    }).filter(([, value]) => value !== undefined),
  );
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(options.key ?? secretKey);
}

describe('AuthModule (login and token checks)', () => {
  let sut: INestApplication;

  beforeAll(async () => {
    // The malformed-body cases below are login attempts too; the login limit has its own tests.
    sut = (await authTestApp({ LOGIN_RATE_LIMIT_MAX: '100' })).app;
  });
  afterAll(() => sut.close());

  const whoami = (bearer?: string) => {
    const call = request(sut.getHttpServer()).get('/probe/whoami');
    return bearer ? call.set('Authorization', `Bearer ${bearer}`) : call;
  };

  describe('POST /auth/login', () => {
    it('issues a bearer token with the documented claims for valid credentials', async () => {
      const res = await request(sut.getHttpServer())
        .post('/auth/login')
        .send({ username: 'alice', password: PASSWORDS.alice })
        .expect(200);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 86400,
      });
      const claims = decodeJwt(res.body.access_token);
      expect(claims).toMatchObject({
        sub: 'alice',
        roles: ['operator'],
        namespaces: ['team-a'],
        iss: 'mcp-kubernetes',
        aud: 'mcp-kubernetes',
      });
      expect(claims.exp! - claims.iat!).toBe(86400);
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      const me = await whoami(res.body.access_token).expect(200);
      expect(me.body).toEqual({
        subject: 'alice',
        roles: ['operator'],
        namespaces: ['team-a'],
        capabilities: BUILT_IN_CAPABILITIES.operator,
      });
    });

    it.each([
      ['a wrong password', { username: 'alice', password: 'not-her-password' }],
      ['an unknown user', { username: 'mallory', password: PASSWORDS.alice }],
    ])('refuses %s with the same 401, so user names cannot be probed', async (_case, body) => {
      const res = await request(sut.getHttpServer()).post('/auth/login').send(body).expect(401);
      expect(res.body.message).toBe('Invalid username or password');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="mcp-kubernetes"/);
      expect(JSON.stringify(res.body)).not.toContain(body.password);
    });

    it.each([
      [{}, 'username is missing: send {"username": "...", "password": "..."}'],
      [{ username: 'alice' }, 'password is missing'],
      [{ username: ['alice'], password: 'x' }, 'username must be a string'],
      [{ username: '', password: 'x' }, 'username must not be empty'],
      [{ username: 'alice', password: 42 }, 'password must be a string'],
      [{ username: 'alice', password: 'x', admin: true }, 'property admin should not exist'],
      [
        { username: 'alice', password: 'x'.repeat(73) },
        'password must be at most 72 characters long',
      ],
    ])(
      'answers 400 for the malformed body %j, one message per bad field',
      async (body, message) => {
        const res = await request(sut.getHttpServer()).post('/auth/login').send(body).expect(400);
        const messages = [res.body.message].flat().join('\n');
        expect(messages).toContain(message);
        expect(messages).not.toContain('username must be at most 128 characters long');
      },
    );

    it('tells a client that sent a form or text body to send JSON', async () => {
      const res = await request(sut.getHttpServer())
        .post('/auth/login')
        .set('content-type', 'text/plain')
        .send('alice:secret')
        .expect(400);
      expect(res.body.message[0]).toMatch(/with Content-Type: application\/json$/);
      expect(JSON.stringify(res.body)).not.toContain('secret');
    });
  });

  describe('bearer tokens', () => {
    it('accepts a valid token and refuses a request without one', async () => {
      await whoami(await token({})).expect(200);
      const res = await whoami().expect(401);
      expect(res.body.message).toContain('Missing bearer token');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="mcp-kubernetes"');
    });

    it('refuses an expired token and says so', async () => {
      const res = await whoami(await token({ exp: now() - 60 })).expect(401);
      expect(res.body.message).toMatch(/^Token expired at .*; sign in again/);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('refuses a token signed with another key', async () => {
      const other = new TextEncoder().encode('another-secret-that-is-also-long-enough-000');
      const res = await whoami(await token({}, { key: other })).expect(401);
      expect(res.body.message).toContain('Token signature is invalid');
    });

    it('refuses alg "none"', async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const payload = base64url.encode(
        JSON.stringify({
          sub: 'vera',
          roles: ['admin'],
          iss: 'mcp-kubernetes',
          aud: 'mcp-kubernetes',
          exp: now() + 600,
        }),
      );
      const res = await whoami(`${header}.${payload}.`).expect(401);
      expect(res.body.message).toContain('Token algorithm "none" is not accepted');
    });

    it('refuses an HS256 token whose HMAC key is a public key (algorithm confusion)', async () => {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = new TextEncoder().encode(
        publicKey.export({ type: 'spki', format: 'pem' }) as string,
      );
      const res = await whoami(await token({ roles: ['admin'] }, { key: pem })).expect(401);
      expect(res.body.message).toContain('Token signature is invalid');
    });

    it('refuses RS256 tokens when no OIDC issuer is configured', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const rs = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('vera')
        .setIssuer('mcp-kubernetes')
        .setAudience('mcp-kubernetes')
        .setExpirationTime('10m')
        .sign(privateKey);
      const res = await whoami(rs).expect(401);
      expect(res.body.message).toBe('Token algorithm "RS256" is not accepted (accepted: HS256)');
    });

    it.each([
      ['issuer', { iss: 'someone-else' }, 'Token issuer (iss) is not accepted'],
      ['audience', { aud: 'another-app' }, 'Token audience (aud) is not accepted'],
    ])('refuses a wrong %s', async (_name, claims, message) => {
      const res = await whoami(await token(claims)).expect(401);
      expect(res.body.message).toContain(message);
    });

    it('refuses a tampered payload (roles raised after signing)', async () => {
      const [header, , signature] = (await token({ roles: ['viewer'] })).split('.');
      const forged = base64url.encode(
        JSON.stringify({
          sub: 'vera',
          roles: ['admin'],
          namespaces: ['*'],
          iss: 'mcp-kubernetes',
          aud: 'mcp-kubernetes',
          exp: now() + 600,
        }),
      );
      const res = await whoami(`${header}.${forged}.${signature}`).expect(401);
      expect(res.body.message).toContain('Token signature is invalid');
    });

    it('refuses a token that is not a JWT', async () => {
      const res = await whoami('not-a-jwt').expect(401);
      expect(res.body.message).toContain('not a JWT');
    });

    it('answers 403 for a user whose roles in the users file are unknown', async () => {
      const unknown = await whoami(await token({ sub: 'uma' })).expect(403);
      expect(unknown.body.message).toContain('roles superuser are unknown here');
    });

    it('applies @Roles(): a viewer is refused an admin route, an admin passes', async () => {
      await request(sut.getHttpServer())
        .get('/probe/admin-only')
        .set('Authorization', `Bearer ${await token({ sub: 'vera' })}`)
        .expect(403);
      await request(sut.getHttpServer())
        .get('/probe/admin-only')
        .set('Authorization', `Bearer ${await token({ sub: 'adam' })}`)
        .expect(200);
    });

    it('lets anyone reach @Public() routes', async () => {
      await request(sut.getHttpServer()).get('/probe/open').expect(200);
    });
  });
});

describe('AuthModule with AUTH_ENABLED=false', () => {
  it('treats every request as the anonymous admin', async () => {
    const { app } = await authTestApp({
      AUTH_ENABLED: 'false',
      JWT_SECRET: undefined,
      AUTH_USERS_FILE: undefined,
    });
    try {
      const res = await request(app.getHttpServer()).get('/probe/whoami').expect(200);
      expect(res.body).toEqual(ANONYMOUS_ADMIN);
    } finally {
      await app.close();
    }
  });
});

describe('AuthModule without a users file', () => {
  it('refuses every login and says how to sign in instead', async () => {
    const { app } = await authTestApp({ AUTH_USERS_FILE: undefined });
    try {
      const res = await request(app.getHttpServer())
        .post('/auth/login')
        .send({ username: 'admin', password: 'admin123' })
        .expect(401);
      expect(res.body.message).toContain('AUTH_USERS_FILE is unset');
    } finally {
      await app.close();
    }
  });
});
