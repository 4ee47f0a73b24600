import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { configurationProblems } from '../../../test/support/configuration-problems.js';

import { AppConfig } from './app-config.js';

const SECRET = 'x'.repeat(48);
const FILE = join(mkdtempSync(join(tmpdir(), 'auth-settings-')), 'present.yaml');
writeFileSync(FILE, 'users: []\n');

const problemsOf = (env: Record<string, string>): string[] =>
  configurationProblems({ JWT_SECRET: SECRET, ...env });

describe('identity, rate-limit and transport settings', () => {
  it('has safe defaults: no OIDC, no proxy, no CORS, rate limits on, no impersonation', () => {
    const sut = AppConfig.fromEnvironment({ JWT_SECRET: SECRET }).auth;
    expect(sut).toMatchObject({
      jwtIssuer: 'mcp-kubernetes',
      jwtAudience: 'mcp-kubernetes',
      oidc: undefined,
      proxy: undefined,
      groupRoles: {},
      groupNamespaces: {},
      impersonate: false,
      rateLimit: { max: 300, windowMs: 60_000, loginMax: 10, loginWindowMs: 900_000 },
      transport: { corsOrigins: [], trustProxy: false },
    });
  });

  it('reads every variable', () => {
    const sut = AppConfig.fromEnvironment({
      JWT_SECRET: SECRET,
      AUTH_USERS_FILE: FILE,
      AUTH_POLICY_FILE: FILE,
      OIDC_ISSUER_URL: 'https://login.example.com/realms/ops',
      OIDC_AUDIENCE: 'mcp',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_USERNAME_CLAIM: 'email',
      AUTH_GROUP_ROLES: 'ops=admin, devs=operator|viewer',
      AUTH_GROUP_NAMESPACES: 'devs=team-a|team-b',
      AUTH_PROXY_USER_HEADER: 'X-Forwarded-User',
      AUTH_PROXY_GROUPS_HEADER: 'X-Forwarded-Groups',
      AUTH_PROXY_TRUSTED_IPS: '10.0.0.0/8, 192.168.1.7',
      PUBLIC_URL: 'https://mcp.example.com/',
      K8S_IMPERSONATE: 'true',
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_WINDOW: '30s',
      LOGIN_RATE_LIMIT_MAX: '5',
      LOGIN_RATE_LIMIT_WINDOW: '1h',
      CORS_ORIGINS: 'https://a.example.com,https://b.example.com',
      TLS_CERT_FILE: FILE,
      TLS_KEY_FILE: FILE,
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
    }).auth;
    expect(sut).toMatchObject({
      usersFile: FILE,
      policyFile: FILE,
      oidc: {
        issuerUrl: 'https://login.example.com/realms/ops',
        audience: 'mcp',
        rolesClaim: 'realm_access.roles',
        usernameClaim: 'email',
      },
      groupRoles: { ops: ['admin'], devs: ['operator', 'viewer'] },
      groupNamespaces: { devs: ['team-a', 'team-b'] },
      proxy: {
        userHeader: 'x-forwarded-user',
        groupsHeader: 'x-forwarded-groups',
        trustedIps: ['10.0.0.0/8', '192.168.1.7'],
      },
      impersonate: true,
      rateLimit: { max: 0, windowMs: 30_000, loginMax: 5, loginWindowMs: 3_600_000 },
      transport: {
        corsOrigins: ['https://a.example.com', 'https://b.example.com'],
        tlsCertFile: FILE,
        tlsKeyFile: FILE,
        trustProxy: 'loopback,10.0.0.0/8',
        publicUrl: 'https://mcp.example.com',
      },
    });
    expect(
      AppConfig.fromEnvironment({ JWT_SECRET: SECRET, TRUST_PROXY: '2' }).auth.transport.trustProxy,
    ).toBe(2);
  });

  it.each([
    [{ AUTH_USERS_FILE: '/nope/users.yaml' }, 'AUTH_USERS_FILE names a file that does not exist'],
    [
      { AUTH_POLICY_FILE: '/nope/policy.yaml' },
      'AUTH_POLICY_FILE names a file that does not exist',
    ],
    [{ OIDC_ISSUER_URL: 'login.example.com' }, 'OIDC_ISSUER_URL must be the http(s) URL'],
    [
      { OIDC_ISSUER_URL: 'https://login.example.com' },
      'OIDC_AUDIENCE must be set when OIDC_ISSUER_URL is set',
    ],
    [{ OIDC_AUDIENCE: 'mcp' }, 'OIDC_AUDIENCE is set but OIDC_ISSUER_URL is not'],
    [{ OIDC_ROLES_CLAIM: 'groups[]' }, 'OIDC_ROLES_CLAIM must be a claim name'],
    [{ OIDC_USERNAME_CLAIM: 'e mail' }, 'OIDC_USERNAME_CLAIM must be a claim name'],
    [
      { AUTH_GROUP_ROLES: 'ops:admin' },
      'AUTH_GROUP_ROLES must be comma-separated group=value|value entries',
    ],
    [{ AUTH_GROUP_NAMESPACES: 'devs=' }, 'AUTH_GROUP_NAMESPACES must be comma-separated'],
    [{ AUTH_PROXY_USER_HEADER: 'X User' }, 'AUTH_PROXY_USER_HEADER must be an HTTP header name'],
    [
      { AUTH_PROXY_USER_HEADER: 'X-User' },
      'AUTH_PROXY_TRUSTED_IPS must list the auth proxy addresses',
    ],
    [
      { AUTH_PROXY_USER_HEADER: 'X-User', AUTH_PROXY_TRUSTED_IPS: 'proxy.local,10.0.0.0/33' },
      'not: proxy.local, 10.0.0.0/33',
    ],
    [
      { AUTH_PROXY_GROUPS_HEADER: 'X-Groups' },
      'AUTH_PROXY_GROUPS_HEADER needs AUTH_PROXY_USER_HEADER',
    ],
    [{ PUBLIC_URL: 'mcp.example.com' }, 'PUBLIC_URL must be the external base URL'],
    [{ K8S_IMPERSONATE: 'perhaps' }, 'K8S_IMPERSONATE must be one of true'],
    [{ RATE_LIMIT_MAX: '-1' }, 'RATE_LIMIT_MAX must be a whole number of requests per window'],
    [{ RATE_LIMIT_WINDOW: 'a minute' }, 'RATE_LIMIT_WINDOW must be a duration'],
    [
      { LOGIN_RATE_LIMIT_MAX: 'ten' },
      'LOGIN_RATE_LIMIT_MAX must be a whole number of login attempts',
    ],
    [{ LOGIN_RATE_LIMIT_WINDOW: '15 minutes' }, 'LOGIN_RATE_LIMIT_WINDOW must be a duration'],
    [{ TLS_CERT_FILE: FILE }, 'TLS_CERT_FILE and TLS_KEY_FILE must be set together'],
    [
      { TLS_KEY_FILE: '/nope/key.pem', TLS_CERT_FILE: FILE },
      'TLS_KEY_FILE names a file that does not exist',
    ],
    [{ TRUST_PROXY: 'yes please' }, 'TRUST_PROXY must be false, true, a hop count'],
    [
      { JWT_ISSUER: 'mcp kubernetes' },
      'JWT_ISSUER must name the issuer written into login tokens (no spaces)',
    ],
    [
      { JWT_AUDIENCE: 'a b' },
      'JWT_AUDIENCE must name the audience written into login tokens (no spaces)',
    ],
    [
      { JWT_EXPIRES_IN: '36500d' },
      'JWT_EXPIRES_IN (36500d) is longer than JWT_MAX_LIFETIME (3d); shorten it',
    ],
    [{ JWT_EXPIRES_IN: '12h', JWT_MAX_LIFETIME: '1h' }, 'is longer than JWT_MAX_LIFETIME (1h)'],
    [{ JWT_MAX_LIFETIME: 'forever' }, 'JWT_MAX_LIFETIME must be a duration such as 12h'],
    [{ JWT_EXPIRES_IN: '0' }, 'JWT_EXPIRES_IN must be longer than 0'],
    [{ AUTH_API_TOKEN_MAX_LIFETIME: '1y' }, 'AUTH_API_TOKEN_MAX_LIFETIME must be a duration'],
    [{ AUTH_API_TOKEN_MAX_LIFETIME: '0d' }, 'AUTH_API_TOKEN_MAX_LIFETIME must be longer than 0'],
  ])('rejects %j and says what is accepted', (env, message) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('bounds login tokens to 3 days and API tokens to 90 days by default, and reads both limits', () => {
    expect(AppConfig.fromEnvironment({ JWT_SECRET: SECRET }).auth).toMatchObject({
      jwtMaxLifetimeSeconds: 3 * 86400,
      apiTokenMaxLifetimeSeconds: 90 * 86400,
    });
    const sut = AppConfig.fromEnvironment({
      JWT_SECRET: SECRET,
      JWT_EXPIRES_IN: '7d',
      JWT_MAX_LIFETIME: '7d',
    }).auth;
    expect(sut).toMatchObject({ jwtExpiresIn: '7d', jwtMaxLifetimeSeconds: 7 * 86400 });
    expect(
      AppConfig.fromEnvironment({ JWT_SECRET: SECRET, AUTH_API_TOKEN_MAX_LIFETIME: '365d' }).auth
        .apiTokenMaxLifetimeSeconds,
    ).toBe(365 * 86400);
  });

  it('refuses an http OIDC issuer in production', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        OIDC_ISSUER_URL: 'http://login.example.com',
        OIDC_AUDIENCE: 'mcp',
      }),
    ).toEqual([expect.stringContaining('OIDC_ISSUER_URL must use https in production')]);
  });
});
