import { writeUsersFile } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Routes anyone may call: probes, metrics, login, the OAuth metadata a client reads first, and
 * the web console's fixed static files (test/clients/web-console proves they hold no data).
 */
const PUBLIC_PATHS = [
  /^\/health(\/live|\/ready)?$/,
  /^\/metrics$/,
  /^\/auth\/login$/,
  /^\/\.well-known\/oauth-protected-resource/,
  /^\/console(\/:file)?$/,
];

/**
 * Walks every route Nest mapped on the real application and calls it without credentials:
 * everything outside the public list must answer 401, so a new controller that forgets the
 * guard (or a stray @Public()) fails here.
 */
describe('authentication on every mapped route (AUTH_ENABLED=true)', () => {
  let sut: TestApp;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'vera', password: 'vera-password-1', roles: ['viewer'] },
      ]),
    });
    const express = sut.app.getHttpAdapter().getInstance() as {
      router: { stack: RouteLayer[] };
    };
    routes = express.router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((method) => ({
          method: method.toUpperCase(),
          path: layer.route!.path,
        })),
      );
  });
  afterAll(() => sut?.close());

  it('finds the routes the product documents', () => {
    const mapped = routes.map((route) => `${route.method} ${route.path}`);
    expect(mapped).toEqual(
      expect.arrayContaining([
        'POST /auth/login',
        'POST /mcp',
        'GET /mcp',
        'DELETE /mcp',
        'GET /mcp/sse',
        'POST /mcp/messages',
        'GET /health',
        'GET /metrics',
      ]),
    );
  });

  it('answers 401 with a Bearer challenge on every non-public route without a token', async () => {
    const open: string[] = [];
    for (const route of routes) {
      if (PUBLIC_PATHS.some((pattern) => pattern.test(route.path))) continue;
      const path = route.path.replace(/:(\w+)/g, 'x');
      const response = await fetch(`${sut.url}${path}?sessionId=x`, {
        method: route.method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        ...(['POST', 'PUT', 'PATCH'].includes(route.method)
          ? { body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) }
          : {}),
      });
      await response.body?.cancel();
      if (
        response.status !== 401 ||
        !/^Bearer /.test(response.headers.get('www-authenticate') ?? '')
      )
        open.push(`${route.method} ${route.path} -> ${response.status}`);
    }
    expect(open).toEqual([]);
    expect(routes.length).toBeGreaterThan(8);
  });

  it('refuses a forged token (signed with another secret) on /mcp/sse and /mcp/messages', async () => {
    const forged =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiYWRtaW4iXX0.' +
      'c2lnbmVkLXdpdGgtdGhlLXdyb25nLXNlY3JldA';
    for (const [method, path] of [
      ['GET', '/mcp/sse'],
      ['POST', '/mcp/messages?sessionId=x'],
    ]) {
      const response = await fetch(`${sut.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const body = await response.text();
      expect(response.status).toBe(401);
      expect(body).not.toContain(forged);
      expect(body).not.toMatch(/\n\s+at /);
    }
  });
});
