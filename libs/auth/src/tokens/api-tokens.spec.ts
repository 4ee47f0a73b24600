import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import {
  PASSWORDS,
  TEST_USERS,
  authTestApp,
  writeUsersFile,
} from '../../../../test/support/auth-test-app.js';
import { ApiTokenStore } from './api-token.store.js';

describe('per-user API tokens (/auth/tokens, stored in memory)', () => {
  let sut: INestApplication;
  let usersFile: string;
  const logins: Record<string, string> = {};

  beforeAll(async () => {
    usersFile = writeUsersFile();
    sut = (
      await authTestApp({
        AUTH_USERS_FILE: usersFile,
        AUTH_API_TOKEN_MAX_LIFETIME: '90d',
        LOGIN_RATE_LIMIT_MAX: '0',
      })
    ).app;
    for (const [name, password] of [
      ['alice', PASSWORDS.alice],
      ['vera', PASSWORDS.viewer],
      ['adam', PASSWORDS.adam],
    ]) {
      const res = await request(sut.getHttpServer())
        .post('/auth/login')
        .send({ username: name, password })
        .expect(200);
      logins[name!] = res.body.access_token;
    }
  });
  afterAll(() => sut.close());
  afterEach(() => writeUsersFile(TEST_USERS, usersFile));

  const as = (bearer: string) => ({
    create: (body: unknown) =>
      request(sut.getHttpServer())
        .post('/auth/tokens')
        .set('Authorization', `Bearer ${bearer}`)
        .send(body as object),
    list: () =>
      request(sut.getHttpServer()).get('/auth/tokens').set('Authorization', `Bearer ${bearer}`),
    revoke: (id: string) =>
      request(sut.getHttpServer())
        .delete(`/auth/tokens/${id}`)
        .set('Authorization', `Bearer ${bearer}`),
    whoami: () =>
      request(sut.getHttpServer()).get('/probe/whoami').set('Authorization', `Bearer ${bearer}`),
  });

  it('creates a token shown once, stores only its hash, and lets it act as the owner', async () => {
    const created = await as(logins.alice!).create({ name: 'dify-prod' }).expect(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      name: 'dify-prod',
      token: expect.stringMatching(/^mcpk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
      roles: null,
      namespaces: null,
      created_at: expect.any(String),
      expires_at: expect.any(String),
      last_used_at: null,
    });
    const lifetime = Date.parse(created.body.expires_at) - Date.parse(created.body.created_at);
    expect(lifetime).toBe(30 * 86400 * 1000);

    const stored = await sut.get(ApiTokenStore).get(created.body.id);
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice(22));
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await as(created.body.token).whoami().expect(200);
    expect(me.body).toMatchObject({
      subject: 'alice',
      roles: ['operator'],
      namespaces: ['team-a'],
    });
    const listed = await as(logins.alice!).list().expect(200);
    const entry = listed.body.find((token: { id: string }) => token.id === created.body.id);
    expect(entry).toMatchObject({ name: 'dify-prod', last_used_at: expect.any(String) });
    expect(entry.token).toBeUndefined();
  });

  it('narrows roles (a built-in role below the owner’s counts) and namespaces at creation, never widens them', async () => {
    const narrowed = await as(logins.adam!)
      .create({ name: 'read-only', roles: ['admin'], namespaces: ['team-b'], expires_in: '7d' })
      .expect(201);
    const me = await as(narrowed.body.token).whoami().expect(200);
    expect(me.body).toMatchObject({ subject: 'adam', roles: ['admin'], namespaces: ['team-b'] });

    const wider = await as(logins.alice!)
      .create({ name: 'x', roles: ['admin'] })
      .expect(400);
    expect(wider.body.message).toBe('roles may only narrow yours (operator); not yours: admin');
    const unknown = await as(logins.alice!)
      .create({ name: 'x', roles: ['superuser'] })
      .expect(400);
    expect(unknown.body.message).toContain('not yours: superuser');
    const lower = await as(logins.alice!)
      .create({ name: 'reader', roles: ['viewer'] })
      .expect(201);
    expect((await as(lower.body.token).whoami().expect(200)).body.roles).toEqual(['viewer']);
    const elsewhere = await as(logins.alice!)
      .create({ name: 'x', namespaces: ['team-b'] })
      .expect(400);
    expect(elsewhere.body.message).toBe(
      'namespaces may only narrow yours (team-a); not yours: team-b',
    );
  });

  it('follows the users file: current roles apply, and a removed owner is refused', async () => {
    const { token } = (await as(logins.alice!).create({ name: 'ci' }).expect(201)).body;
    writeUsersFile(
      TEST_USERS.map((user) => (user.name === 'alice' ? { ...user, roles: ['viewer'] } : user)),
      usersFile,
    );
    expect((await as(token).whoami().expect(200)).body.roles).toEqual(['viewer']);
    writeUsersFile(
      TEST_USERS.filter((user) => user.name !== 'alice'),
      usersFile,
    );
    expect((await as(token).whoami().expect(401)).body.message).toContain(
      'The owner of this API token, "alice", is no longer a local account',
    );
  });

  it('is revoked by its owner at once, and by POST /auth/logout with the token itself', async () => {
    const first = (await as(logins.vera!).create({ name: 'one' }).expect(201)).body;
    await as(first.token).whoami().expect(200);
    await as(logins.vera!).revoke(first.id).expect(204);
    const refused = await as(first.token).whoami().expect(401);
    expect(refused.body.message).toBe(
      'API token is unknown, revoked or expired; create a new one with POST /auth/tokens',
    );
    expect((await as(logins.vera!).list()).body.map((t: { id: string }) => t.id)).not.toContain(
      first.id,
    );

    const second = (await as(logins.vera!).create({ name: 'two' }).expect(201)).body;
    await request(sut.getHttpServer())
      .post('/auth/logout')
      .set('Authorization', `Bearer ${second.token}`)
      .expect(200);
    await as(second.token).whoami().expect(401);
  });

  it('stops working at its expiry', async () => {
    const created = (await as(logins.vera!).create({ name: 'short', expires_in: 3 }).expect(201))
      .body;
    await as(created.token).whoami().expect(200);
    const untilExpired = Date.parse(created.expires_at) + 100 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, untilExpired));
    const res = await as(created.token).whoami().expect(401);
    expect(res.body.message).toContain('API token is unknown, revoked or expired');
  });

  it.each([
    [{}, 'name is missing'],
    [{ name: 'x'.repeat(65) }, 'name must be 1-64 letters'],
    [{ name: '../etc' }, 'name must be 1-64 letters'],
    [{ name: 42 }, 'name must be a string'],
    [{ name: 'ok', expires_in: 'forever' }, 'expires_in must be a duration'],
    [{ name: 'ok', expires_in: '91d' }, 'expires_in (91d) is longer than API tokens may live here'],
    [{ name: 'ok', expires_in: 0 }, 'expires_in must be longer than 0'],
    [{ name: 'ok', roles: 'viewer' }, 'roles must be a list of role names'],
    [{ name: 'ok', roles: [] }, 'roles must name at least one role'],
    [{ name: 'ok', namespaces: ['Team A'] }, 'each namespace must be a namespace name'],
    [{ name: 'ok', owner: 'adam' }, 'property owner should not exist'],
  ])('answers 400 to %j, saying what was wrong', async (body, message) => {
    const res = await as(logins.vera!).create(body).expect(400);
    expect([res.body.message].flat().join('\n')).toContain(message);
  });

  it('answers 404 alike for an unknown id and for another user’s token, 400 for a malformed id', async () => {
    const adams = (await as(logins.adam!).create({ name: 'mine' }).expect(201)).body;
    const other = await as(logins.vera!).revoke(adams.id).expect(404);
    const unknown = await as(logins.vera!).revoke('0123456789abcdef').expect(404);
    expect(other.body.message).toBe(
      `You have no API token with id "${adams.id}"; GET /auth/tokens lists yours`,
    );
    expect(unknown.body.message).toContain('You have no API token with id "0123456789abcdef"');
    expect((await as(logins.vera!).revoke('nope').expect(400)).body.message).toContain(
      '16 hexadecimal characters',
    );
    await as(adams.token).whoami().expect(200);
  });

  it('does not let an API token manage API tokens', async () => {
    const { token } = (await as(logins.vera!).create({ name: 'agent' }).expect(201)).body;
    const res = await as(token).create({ name: 'child', expires_in: '90d' }).expect(403);
    expect(res.body.message).toContain('An API token cannot manage API tokens');
    await as(token).list().expect(403);
  });

  it('refuses a malformed mcpk_ token with a clear 401', async () => {
    const res = await as('mcpk_not-a-token').whoami().expect(401);
    expect(res.body.message).toContain('API token is malformed');
  });

  it('limits how many tokens one user holds', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) {
      statuses.push((await as(logins.adam!).create({ name: `bulk-${i}` })).status);
    }
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(25);
    const refused = await as(logins.adam!).create({ name: 'one-too-many' }).expect(409);
    expect(refused.body.message).toContain('the most allowed; revoke one');
  });
});

describe('API tokens without a local account', () => {
  it('answers 403 when the caller is not a local user signed in with a login token', async () => {
    const { app } = await authTestApp({
      AUTH_ENABLED: 'false',
      JWT_SECRET: undefined,
      AUTH_USERS_FILE: undefined,
    });
    try {
      const res = await request(app.getHttpServer())
        .post('/auth/tokens')
        .send({ name: 'x' })
        .expect(403);
      expect(res.body.message).toContain('API tokens belong to local accounts (AUTH_USERS_FILE)');
    } finally {
      await app.close();
    }
  });
});
