import type { INestApplication } from '@nestjs/common';
import { SignJWT, decodeJwt } from 'jose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

import {
  PASSWORDS,
  TEST_SECRET,
  TEST_USERS,
  authTestApp,
  writeUsersFile,
} from '../../../../test/support/auth-test-app.js';

const now = (): number => Math.floor(Date.now() / 1000);
const YEAR = 365 * 86400;

/** A correctly signed login token; `claims` may override or remove (undefined) any claim. */
function signed(claims: Record<string, unknown> = {}): Promise<string> {
  const payload = Object.fromEntries(
    Object.entries({
      sub: 'vera',
      roles: ['viewer'],
      iss: 'mcp-kubernetes',
      aud: 'mcp-kubernetes',
      iat: now(),
      exp: now() + 600,
      jti: randomUUID(),
      ...claims,
    }).filter(([, value]) => value !== undefined),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(TEST_SECRET));
}

describe('login tokens have limits', () => {
  let sut: INestApplication;
  let usersFile: string;

  beforeAll(async () => {
    usersFile = writeUsersFile();
    sut = (await authTestApp({ AUTH_USERS_FILE: usersFile, JWT_MAX_LIFETIME: '2d' })).app;
  });
  afterAll(() => sut.close());
  afterEach(() => writeUsersFile(TEST_USERS, usersFile));

  const whoami = (token: string) =>
    request(sut.getHttpServer()).get('/probe/whoami').set('Authorization', `Bearer ${token}`);

  it.each([
    ['no expiry (exp)', { exp: undefined }, 'Token has no expiry (exp)'],
    ['no id (jti)', { jti: undefined }, 'Token has no id (jti)'],
    ['no issue time (iat)', { iat: undefined }, 'Token has no issue time (iat)'],
    [
      'a 100-year lifetime',
      { iat: now(), exp: now() + 100 * YEAR },
      'Token lifetime (36500 d) is longer than this server allows (JWT_MAX_LIFETIME, 2 d)',
    ],
    [
      'a lifetime just over the maximum',
      { iat: now() - 60, exp: now() - 60 + 2 * 86400 + 1 },
      'is longer than this server allows',
    ],
    [
      'an issue time in the future',
      { iat: now() + 3600, exp: now() + 7200 },
      'issued in the future',
    ],
  ])('refuses a token with %s, and says to sign in again', async (_case, claims, message) => {
    const res = await whoami(await signed(claims)).expect(401);
    expect(res.body.message).toContain(message);
    expect(res.body.message).toContain('sign in again with POST /auth/login');
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('accepts a token that lives exactly the maximum', async () => {
    await whoami(await signed({ iat: now(), exp: now() + 2 * 86400 })).expect(200);
  });

  it('takes roles and namespaces from the users file, not from the token', async () => {
    const res = await whoami(
      await signed({ sub: 'alice', roles: ['admin'], namespaces: ['*'] }),
    ).expect(200);
    expect(res.body).toMatchObject({
      subject: 'alice',
      roles: ['operator'],
      namespaces: ['team-a'],
    });
  });

  it('refuses the token of a user removed from the users file at once', async () => {
    const login = await request(sut.getHttpServer())
      .post('/auth/login')
      .send({ username: 'alice', password: PASSWORDS.alice })
      .expect(200);
    const token = login.body.access_token as string;
    await whoami(token).expect(200);
    writeUsersFile(
      TEST_USERS.filter((user) => user.name !== 'alice'),
      usersFile,
    );
    const res = await whoami(token).expect(401);
    expect(res.body.message).toContain(
      'User "alice" is not a local account (not in the users file, or removed from it)',
    );
  });

  it('applies a role change in the users file to tokens already issued', async () => {
    const token = await signed({ sub: 'alice' });
    await request(sut.getHttpServer())
      .get('/probe/admin-only')
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    writeUsersFile(
      TEST_USERS.map((user) =>
        user.name === 'alice' ? { ...user, roles: ['admin'], namespaces: ['team-b'] } : user,
      ),
      usersFile,
    );
    const res = await whoami(token).expect(200);
    expect(res.body).toMatchObject({ subject: 'alice', roles: ['admin'], namespaces: ['team-b'] });
  });

  it('issues tokens with exp, iat and jti', async () => {
    const login = await request(sut.getHttpServer())
      .post('/auth/login')
      .send({ username: 'vera', password: PASSWORDS.viewer })
      .expect(200);
    const claims = decodeJwt(login.body.access_token);
    expect(claims.exp! - claims.iat!).toBe(86400);
    expect(claims.jti).toEqual(expect.any(String));
  });
});

describe('login tokens without a users file', () => {
  it('refuses even a correctly signed token: there is no local account it could name', async () => {
    const { app } = await authTestApp({ AUTH_USERS_FILE: undefined });
    try {
      const res = await request(app.getHttpServer())
        .get('/probe/whoami')
        .set('Authorization', `Bearer ${await signed({ sub: 'admin', roles: ['admin'] })}`)
        .expect(401);
      expect(res.body.message).toContain(
        'User "admin" is not a local account (not in the users file, or removed from it)',
      );
    } finally {
      await app.close();
    }
  });
});
