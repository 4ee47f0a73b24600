import { login, writeUsersFile } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BOTH = 'application/json, text/event-stream';
const PASSWORD = 'dify-password-1234';

interface Reply {
  result: {
    protocolVersion?: string;
    tools?: { name: string }[];
    isError?: boolean;
    content?: { type: string; text: string }[];
  };
}

/** Reads the first `data:` JSON of an SSE response, or the JSON body. */
async function firstMessage(response: Response): Promise<Reply> {
  const text = await response.text();
  if (!response.headers.get('content-type')?.includes('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((line) => line.startsWith('data: ') && line.length > 6);
  return JSON.parse(data!.slice(6));
}

// What examples/dify-integration.md promises about current Dify (1.14): it initializes with
// 2025-06-18 and gets that version back, and an expired token shows up in Dify as "Failed to
// discover OAuth metadata" because Dify looks for OAuth metadata after a 401.
describe('Dify 1.14 against /mcp', () => {
  const usersFile = writeUsersFile([{ name: 'dify', password: PASSWORD, roles: ['viewer'] }]);
  let sut: TestApp;
  let shortLived: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: usersFile });
    shortLived = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: usersFile,
      JWT_EXPIRES_IN: '1s',
    });
  });
  afterAll(async () => {
    await sut?.close();
    await shortLived?.close();
  });

  it('initializes with 2025-06-18 on an API token, lists tools and gets kubectl_get output=json as one List', async () => {
    // The long-lived credential the guide gives Dify: an API token made with a login token.
    const created = await fetch(`${sut.url}/auth/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await login(sut.url, 'dify', PASSWORD)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'dify-prod', expires_in: '90d', roles: ['viewer'] }),
    });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    expect(token).toMatch(/^mcpk_/);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const init = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { ...auth, accept: BOTH },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'Dify', version: '1.14.2' },
        },
      }),
    });
    expect(init.status).toBe(200);
    expect((await firstMessage(init)).result.protocolVersion).toBe('2025-06-18');
    const session = {
      ...auth,
      accept: BOTH,
      'mcp-session-id': init.headers.get('mcp-session-id')!,
      'mcp-protocol-version': '2025-06-18',
    };
    const initialized = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
    expect(initialized.status).toBe(202);

    const list = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    const names = (await firstMessage(list)).result.tools!.map((tool) => tool.name);
    expect(names).toContain('kubectl_get');

    const call = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'namespaces', output: 'json' } },
      }),
    });
    const result = (await firstMessage(call)).result;
    expect(result.isError).toBeFalsy();
    // One text block holding one object: Dify splits a top-level array into one message each.
    expect(result.content).toHaveLength(1);
    const parsed = JSON.parse(result.content![0].text) as {
      kind: string;
      items: { metadata: { name: string } }[];
    };
    expect(parsed).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(parsed.items.map((item) => item.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system']),
    );

    const closed = await fetch(`${sut.url}/mcp`, { method: 'DELETE', headers: session });
    expect(closed.status).toBeLessThan(300);
  });

  it('answers an expired token with 401 naming the expiry, and has no OAuth metadata without OIDC', async () => {
    const token = await login(shortLived.url, 'dify', PASSWORD);
    // Past its 1 s lifetime and the 5 s clock tolerance of the token check.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const refused = await fetch(`${shortLived.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: BOTH,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await refused.json()).toMatchObject({
      statusCode: 401,
      message: expect.stringMatching(
        /^Token expired at .+; sign in again with POST \/auth\/login$/,
      ),
    });
    // Dify then looks for OAuth metadata; a server with local login only has none, which Dify
    // reports as "Failed to discover OAuth metadata". The fix is a new token in Dify's headers.
    for (const path of [
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-protected-resource',
    ]) {
      expect((await fetch(`${shortLived.url}${path}`)).status).toBe(404);
    }
  }, 30_000);
});
