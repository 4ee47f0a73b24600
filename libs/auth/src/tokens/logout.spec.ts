import { ServiceUnavailableException, type INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';

import { PASSWORDS, authTestApp } from '../../../../test/support/auth-test-app.js';
import { ApiTokenStore } from './api-token.store.js';
import { TokenRevocations } from './token-revocations.js';

describe('POST /auth/logout (revocations in memory)', () => {
  let sut: INestApplication;

  beforeAll(async () => {
    sut = (await authTestApp({ LOGIN_RATE_LIMIT_MAX: '0' })).app;
  });
  afterAll(() => sut.close());

  const signIn = async (): Promise<string> =>
    (
      await request(sut.getHttpServer())
        .post('/auth/login')
        .send({ username: 'alice', password: PASSWORDS.alice })
        .expect(200)
    ).body.access_token as string;
  const whoami = (token: string) =>
    request(sut.getHttpServer()).get('/probe/whoami').set('Authorization', `Bearer ${token}`);
  const logout = (token?: string) => {
    const call = request(sut.getHttpServer()).post('/auth/logout');
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it('revokes the presented token until it expires; the same user’s other tokens still work', async () => {
    const token = await signIn();
    const other = await signIn();
    await whoami(token).expect(200);
    const res = await logout(token).expect(200);
    expect(res.body).toEqual({
      revoked: true,
      token_id: expect.any(String),
      revoked_until: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const refused = await whoami(token).expect(401);
    expect(refused.body.message).toBe(
      'Token was revoked (signed out with POST /auth/logout); sign in again with POST /auth/login',
    );
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    await whoami(other).expect(200);
  });

  it('refuses a second logout with the revoked token, and a logout without a token', async () => {
    const token = await signIn();
    await logout(token).expect(200);
    expect((await logout(token).expect(401)).body.message).toContain('Token was revoked');
    expect((await logout().expect(401)).body.message).toContain('Missing bearer token');
  });
});

describe('POST /auth/logout without auth', () => {
  it('answers 400 and says there is no token of this server to revoke', async () => {
    const { app } = await authTestApp({
      AUTH_ENABLED: 'false',
      JWT_SECRET: undefined,
      AUTH_USERS_FILE: undefined,
    });
    try {
      const res = await request(app.getHttpServer()).post('/auth/logout').expect(400);
      expect(res.body.message).toContain('not authenticated with a token issued by this server');
    } finally {
      await app.close();
    }
  });
});

describe('TokenRevocations in memory', () => {
  it('keeps a revocation until the token expires, then forgets it', async () => {
    const sut = new TokenRevocations();
    const now = Math.floor(Date.now() / 1000);
    await sut.revoke('live', now + 60);
    await sut.revoke('already-expired', now - 1);
    expect(await sut.isRevoked('live')).toBe(true);
    expect(await sut.isRevoked('already-expired')).toBe(false);
    expect(await sut.isRevoked('never-revoked')).toBe(false);
  });
});

describe('token state when Redis cannot be reached', () => {
  const unreachable = (): Redis =>
    new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });

  it('refuses with 503 instead of treating a login token as not revoked', async () => {
    const redis = unreachable();
    const sut = new TokenRevocations(redis);
    await expect(sut.isRevoked('any')).rejects.toThrow(ServiceUnavailableException);
    await expect(sut.isRevoked('any')).rejects.toThrow(
      'Cannot reach Redis to check token revocation',
    );
    redis.disconnect();
  });

  it('refuses with 503 instead of accepting or losing an API token', async () => {
    const redis = unreachable();
    const sut = new ApiTokenStore(redis);
    await expect(sut.get('0123456789abcdef')).rejects.toThrow('Cannot reach Redis for API tokens');
    redis.disconnect();
  });
});
