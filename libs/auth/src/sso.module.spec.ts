import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { TestOidcIssuer } from '../../../test/support/oidc-issuer.js';
import { authTestApp } from '../../../test/support/auth-test-app.js';
import { BUILT_IN_CAPABILITIES } from './policy/built-in-roles.js';

const AUDIENCE = 'mcp-kubernetes-test';

describe('AuthModule with an OIDC issuer and a trusted auth proxy', () => {
  const issuer = new TestOidcIssuer();
  let sut: INestApplication;

  beforeAll(async () => {
    await issuer.start();
    sut = (
      await authTestApp({
        OIDC_ISSUER_URL: issuer.url,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_USERNAME_CLAIM: 'preferred_username',
        AUTH_GROUP_ROLES: 'k8s-admins=admin,team-a-devs=operator,auditors=viewer',
        AUTH_GROUP_NAMESPACES: 'k8s-admins=*,team-a-devs=team-a,auditors=team-a|team-b',
        AUTH_PROXY_USER_HEADER: 'X-Forwarded-User',
        AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
        AUTH_PROXY_TRUSTED_IPS: '127.0.0.1,::1',
        PUBLIC_URL: 'https://mcp.example.com',
      })
    ).app;
  });
  afterAll(async () => {
    await sut.close();
    await issuer.stop();
  });

  const whoami = (bearer: string) =>
    request(sut.getHttpServer()).get('/probe/whoami').set('Authorization', `Bearer ${bearer}`);

  it('maps the groups claim of a valid OIDC token to roles and namespaces', async () => {
    const token = await issuer.token(
      {
        sub: 'id-1',
        preferred_username: 'dana',
        realm_access: { roles: ['team-a-devs', 'unrelated'] },
      },
      { audience: AUDIENCE },
    );
    const res = await whoami(token).expect(200);
    expect(res.body).toEqual({
      subject: 'dana',
      roles: ['operator'],
      namespaces: ['team-a'],
      groups: ['team-a-devs', 'unrelated'],
      capabilities: BUILT_IN_CAPABILITIES.operator,
    });
  });

  it('refuses OIDC tokens for another audience and expired ones, with the reason', async () => {
    const other = await issuer.token(
      { preferred_username: 'dana', realm_access: { roles: ['k8s-admins'] } },
      { audience: 'grafana' },
    );
    expect((await whoami(other).expect(401)).body.message).toContain(
      'Token claim "aud" is not accepted',
    );
    const expired = await issuer.token(
      { preferred_username: 'dana' },
      { audience: AUDIENCE, expiresIn: Math.floor(Date.now() / 1000) - 60 },
    );
    expect((await whoami(expired).expect(401)).body.message).toBe(
      'Token has expired; sign in again',
    );
  });

  it('refuses an OIDC token signed by an unpublished key', async () => {
    const rogue = await issuer.token(
      { preferred_username: 'eve', realm_access: { roles: ['k8s-admins'] } },
      { audience: AUDIENCE, key: await issuer.unpublishedKey() },
    );
    expect((await whoami(rogue).expect(401)).body.message).toContain('does not publish');
  });

  it('answers 403 when the groups map to no role', async () => {
    const token = await issuer.token(
      { preferred_username: 'gus', realm_access: { roles: ['strangers'] } },
      { audience: AUDIENCE },
    );
    expect((await whoami(token).expect(403)).body.message).toContain('has no roles');
  });

  it('points 401s at the protected-resource metadata (RFC 9728), which names the issuer', async () => {
    const res = await request(sut.getHttpServer()).get('/probe/whoami').expect(401);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="mcp-kubernetes", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"',
    );
    const metadata = await request(sut.getHttpServer())
      .get('/.well-known/oauth-protected-resource/mcp')
      .expect(200);
    expect(metadata.body).toEqual({
      resource: 'https://mcp.example.com/mcp',
      authorization_servers: [issuer.url],
      bearer_methods_supported: ['header'],
      resource_name: 'Kubernetes MCP server',
    });
    await request(sut.getHttpServer()).get('/.well-known/oauth-protected-resource').expect(200);
  });

  it('believes proxy headers from a trusted address', async () => {
    const res = await request(sut.getHttpServer())
      .get('/probe/whoami')
      .set('X-Forwarded-User', 'pat')
      .set('X-Forwarded-Groups', 'auditors, other')
      .expect(200);
    expect(res.body).toEqual({
      subject: 'pat',
      roles: ['viewer'],
      namespaces: ['team-a', 'team-b'],
      groups: ['auditors', 'other'],
      capabilities: BUILT_IN_CAPABILITIES.viewer,
    });
  });
});

describe('AuthModule with an auth proxy at another address', () => {
  it('ignores identity headers from an untrusted address and asks for a token', async () => {
    const { app } = await authTestApp({
      AUTH_PROXY_USER_HEADER: 'X-Forwarded-User',
      AUTH_PROXY_TRUSTED_IPS: '10.0.0.0/8',
    });
    try {
      const res = await request(app.getHttpServer())
        .get('/probe/whoami')
        .set('X-Forwarded-User', 'admin')
        .expect(401);
      expect(res.body.message).toContain('Missing bearer token');
    } finally {
      await app.close();
    }
  });
});

describe('AuthModule rate limits', () => {
  it('answers 429 with Retry-After once a client exceeds the login limit (brute force)', async () => {
    const { app } = await authTestApp({
      LOGIN_RATE_LIMIT_MAX: '3',
      LOGIN_RATE_LIMIT_WINDOW: '60s',
    });
    try {
      const attempt = () =>
        request(app.getHttpServer())
          .post('/auth/login')
          .send({ username: 'alice', password: 'guess-123' });
      for (let i = 0; i < 3; i += 1) await attempt().expect(401);
      const blocked = await attempt().expect(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(blocked.body.message).toContain('Too many requests: at most 3 per 60s');
      // The limit is per client, and other routes keep their own (larger) budget.
      await request(app.getHttpServer()).get('/probe/open').expect(200);
    } finally {
      await app.close();
    }
  });

  it('limits every other route per client too (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW)', async () => {
    const { app } = await authTestApp({
      RATE_LIMIT_MAX: '2',
      RATE_LIMIT_WINDOW: '1m',
      AUTH_ENABLED: 'false',
      JWT_SECRET: undefined,
    });
    try {
      await request(app.getHttpServer()).get('/probe/open').expect(200);
      await request(app.getHttpServer()).get('/probe/open').expect(200);
      const res = await request(app.getHttpServer()).get('/probe/open').expect(429);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
