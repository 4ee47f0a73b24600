import { login, writeUsersFile } from '../support/auth-users.js';
import { openStreamableSession } from '../support/mcp-session.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const accounts = [
  { name: 'ada', password: 'ada-password-1', roles: ['admin'] },
  { name: 'vera', password: 'vera-password-1', roles: ['viewer'] },
];
const toolsList = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });

// A session belongs to the user who opened it: someone else holding its id gets the same 404
// as for a session that does not exist, on this replica and on any other.
describe('MCP sessions belong to their user', () => {
  const usersFile = writeUsersFile(accounts);
  let first: TestApp;
  let second: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const env = {
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      REDIS_URL: process.env.TEST_REDIS_URL,
    };
    first = await startTestApp(env);
    second = await startTestApp(env);
    for (const account of accounts)
      tokens[account.name] = await login(first.url, account.name, account.password);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  describe('Streamable HTTP', () => {
    it("refuses another user's requests and DELETE with 404, on both replicas", async () => {
      const ada = await openStreamableSession(first.url, tokens.ada);
      const asVera = { ...ada.headers, authorization: `Bearer ${tokens.vera}` };
      for (const server of [first, second]) {
        const post = await fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: asVera,
          body: toolsList,
        });
        expect(post.status).toBe(404);
        const body = (await post.json()) as { error: { message: string } };
        expect(body.error.message).toContain(`Session "${ada.sessionId}" not found`);
        const del = await fetch(`${server.url}/mcp`, { method: 'DELETE', headers: asVera });
        expect(del.status).toBe(404);
      }
      const own = await fetch(`${second.url}/mcp`, {
        method: 'POST',
        headers: ada.headers,
        body: toolsList,
      });
      expect(own.status).toBe(200);
      expect(await own.text()).toContain('kubectl_delete');
      expect(
        (await fetch(`${first.url}/mcp`, { method: 'DELETE', headers: ada.headers })).status,
      ).toBe(200);
    });
  });

  describe('HTTP+SSE', () => {
    it("refuses another user's posts to the stream with 404, on both replicas", async () => {
      const controller = new AbortController();
      const stream = await fetch(`${first.url}/mcp/sse`, {
        headers: { authorization: `Bearer ${tokens.ada}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const reader = stream.body!.getReader();
      let seen = '';
      while (!/data: (\S+)/.test(seen))
        seen += new TextDecoder().decode((await reader.read()).value);
      const endpoint = /data: (\S+)/.exec(seen)![1];
      const post = (server: TestApp, token: string): Promise<Response> =>
        fetch(`${server.url}${endpoint}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: toolsList,
        });
      try {
        for (const server of [first, second]) {
          const refused = await post(server, tokens.vera);
          expect(refused.status).toBe(404);
          expect(await refused.text()).toContain('not found');
        }
        expect((await post(second, tokens.ada)).status).toBe(202);
        expect((await post(first, tokens.ada)).status).toBe(202);
      } finally {
        controller.abort();
      }
    });
  });
});
