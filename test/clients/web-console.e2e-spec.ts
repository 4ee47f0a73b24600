import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CoreV1Api } from '@kubernetes/client-node';
import type { BrowserContext, Page } from 'playwright-core';

import { ensureBuilt, ROOT } from '../support/built-server.js';
import { launchChromium } from '../support/chromium.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { login, writeUsersFile } from '../support/auth-users.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createNamespace, deleteNamespace, waitFor } from '../kubernetes/tool-harness.js';

const TIMEOUT = 180_000;
const PASSWORD = 'console-password-1';

/** A tiny web application on its own localhost port: another origin than the server. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * The built-in web console in real headless Chromium, against the real cluster: sign-in,
 * identity and allowed tools, a read-only tool's table, client configuration, and the
 * browser's own rules (CSP, no third-party requests, CORS for web apps on other origins).
 */
describe('web console and browser clients', () => {
  const namespace = uniqueNamespace('console');
  let sut: TestApp;
  let browser: BrowserContext;
  let allowedApp: { server: Server; origin: string };
  let otherApp: { server: Server; origin: string };
  const requested: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    await createNamespace(namespace);
    const core = adminKubeConfig().makeApiClient(CoreV1Api);
    for (const name of ['console-web', 'console-db']) {
      await core.createNamespacedPod({
        namespace,
        body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'nginx' }] } },
      });
    }
    await waitFor(async () => {
      const pods = await core.listNamespacedPod({ namespace });
      return pods.items.length === 2 ? true : undefined;
    }, 'two pods');
    allowedApp = await servePage();
    otherApp = await servePage();
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'alice', password: PASSWORD, roles: ['viewer'], namespaces: [namespace] },
      ]),
      CORS_ORIGINS: allowedApp.origin,
      MCP_ALLOWED_ORIGINS: allowedApp.origin,
    });
    browser = await launchChromium();
    browser.on('request', (request) => requested.push(request.url()));
    browser.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    allowedApp?.server.close();
    otherApp?.server.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  const loginToken = () => login(sut.url, 'alice', PASSWORD);

  async function openConsole(): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(`${sut.url}/console`);
    await page.locator('#login-form').waitFor();
    return page;
  }

  it(
    'shows a clear message when the sign-in is refused',
    async () => {
      const page = await openConsole();
      await page.fill('#login-form input[name=username]', 'alice');
      await page.fill('#login-form input[name=password]', 'wrong-password');
      await page.click('#login-form button[type=submit]');
      await page.locator('#sign-in-error:not([hidden])').waitFor();
      expect(await page.textContent('#sign-in-error')).toBe(
        'Sign-in refused: wrong user name or password.',
      );
      expect(await page.isVisible('#workspace')).toBe(false);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'signs in, shows who you are and your tools, runs kubectl_get against the cluster and shows its table',
    async () => {
      const page = await openConsole();
      await page.fill('#login-form input[name=username]', 'alice');
      await page.fill('#login-form input[name=password]', PASSWORD);
      await page.click('#login-form button[type=submit]');
      await page.locator('#workspace:not([hidden])').waitFor();

      expect(await page.textContent('#who')).toBe('alice');
      expect(await page.textContent('#roles')).toBe('viewer');
      expect(await page.textContent('#namespaces')).toBe(namespace);
      const tools = await page.$$eval('#tools tbody tr td:first-child', (cells) =>
        cells.map((cell) => cell.textContent),
      );
      expect(tools).toEqual(expect.arrayContaining(['kubectl_get', 'kubectl_logs']));
      expect(tools).not.toContain('kubectl_apply');
      expect(tools).not.toContain('kubectl_delete');

      await page.selectOption('#run-tool', 'kubectl_get');
      await page.fill('#run-arguments', JSON.stringify({ resource: 'pods', namespace }));
      await page.click('#run-form button[type=submit]');
      await page.locator('#result-table:not([hidden]) tbody tr').first().waitFor();
      const headers = await page.$$eval('#result-table thead th', (cells) =>
        cells.map((cell) => cell.textContent),
      );
      expect(headers[0]).toBe('NAME');
      const names = await page.$$eval('#result-table tbody tr td:first-child', (cells) =>
        cells.map((cell) => cell.textContent),
      );
      expect(names.sort()).toEqual(['console-db', 'console-web']);

      // The screenshot shows the signed-in console with the pods table.
      const png = await page.screenshot({ fullPage: true });
      const file = join(mkdtempSync(join(tmpdir(), 'console-shot-')), 'console.png');
      writeFileSync(file, png);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
      expect(pngSize(png).width).toBe(1280);
      expect(pngSize(png).height).toBeGreaterThanOrEqual(900);
      // A blank or broken page compresses to a few kilobytes; the rendered console is larger.
      expect(png.length).toBeGreaterThan(40_000);
      expect(png.length).toBeLessThan(5_000_000);
      process.stdout.write(`console screenshot: ${file} (${png.length} bytes)\n`);

      // Another namespace is outside alice's role: the tool's own message is shown.
      await page.fill('#run-arguments', JSON.stringify({ resource: 'pods', namespace: 'team-b' }));
      await page.click('#run-form button[type=submit]');
      await page.locator('#run-error:not([hidden])').waitFor();
      expect(await page.textContent('#run-error')).toContain('team-b');

      const claude = JSON.parse((await page.textContent('#config-claude'))!);
      expect(claude.mcpServers.kubernetes.args).toEqual([
        'mcp-remote',
        `${sut.url}/mcp`,
        '--header',
        'Authorization:${AUTH_HEADER}',
      ]);
      expect(await page.textContent('#config-dify')).toContain(`Server URL:        ${sut.url}/mcp`);
      expect(await page.textContent('#config-curl')).toContain(`curl -X POST ${sut.url}/mcp`);

      // Copy puts the configuration on the clipboard as shown.
      await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sut.url });
      await page.click('button.copy[data-copy="config-claude"]');
      await page.locator('#copy-status:text("Copied configuration.")').waitFor();
      const copied = (await page.evaluate('navigator.clipboard.readText()')) as string;
      expect(JSON.parse(copied)).toEqual(claude);

      await page.close();
    },
    TIMEOUT,
  );

  it(
    'signs in with a pasted token (single sign-on users)',
    async () => {
      const token = await login(sut.url, 'alice', PASSWORD);
      const page = await openConsole();
      await page.fill('#token-form textarea', token);
      await page.click('#token-form button[type=submit]');
      await page.locator('#identity:not([hidden])').waitFor();
      expect(await page.textContent('#who')).toBe('alice');

      const refused = await openConsole();
      await refused.fill('#token-form textarea', 'not-a-token');
      await refused.click('#token-form button[type=submit]');
      await refused.locator('#sign-in-error:not([hidden])').waitFor();
      expect(await refused.textContent('#sign-in-error')).toMatch(
        /^The server refused this token \(.+\)\. Sign in again, or paste a fresh token\.$/,
      );
      await page.close();
      await refused.close();
    },
    TIMEOUT,
  );

  /** Status and error message of tools/list with `token`, as any client would see them. */
  async function listTools(token: string): Promise<{ status: number; message?: string }> {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    const body = (await response.json()) as { message?: string; error?: { message: string } };
    return { status: response.status, message: body.error?.message ?? body.message };
  }

  async function signInAs(page: Page): Promise<string> {
    await page.fill('#login-form input[name=username]', 'alice');
    await page.fill('#login-form input[name=password]', PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.locator('#workspace:not([hidden])').waitFor();
    return (await page.evaluate("sessionStorage.getItem('mcp-console-token')")) as string;
  }

  it(
    'signs out through POST /auth/logout: the token it signed in with is refused afterwards',
    async () => {
      const page = await openConsole();
      const token = await signInAs(page);
      expect((await listTools(token)).status).toBe(200);

      await page.click('#sign-out');
      await page.locator('#sign-in-notice:not([hidden])').waitFor();
      expect(await page.textContent('#sign-in-notice')).toBe(
        'Signed out: the server revoked your token.',
      );
      expect(await page.isVisible('#workspace')).toBe(false);
      expect(await page.evaluate("sessionStorage.getItem('mcp-console-token')")).toBeNull();
      const refused = await listTools(token);
      expect(refused.status).toBe(401);
      expect(refused.message).toContain('Token was revoked');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'says so when the server could not revoke the token on sign-out',
    async () => {
      const page = await openConsole();
      const token = await signInAs(page);
      await page.route('**/auth/logout', (route) => route.abort('connectionrefused'));

      await page.click('#sign-out');
      await page.locator('#sign-in-error:not([hidden])').waitFor();
      expect(await page.textContent('#sign-in-error')).toMatch(
        /^Signed out in this browser, but the server did not revoke the token \(cannot reach the server: .+\); it stays valid until it expires\.$/,
      );
      expect(await page.evaluate("sessionStorage.getItem('mcp-console-token')")).toBeNull();
      expect((await listTools(token)).status).toBe(200);
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'still signs out when the logout answer is an error whose body says nothing',
    async () => {
      const page = await openConsole();
      await signInAs(page);
      await page.route('**/auth/logout', (route) =>
        route.fulfill({ status: 500, contentType: 'application/json', body: 'null' }),
      );

      await page.click('#sign-out');
      await page.locator('#sign-in-error:not([hidden])').waitFor();
      expect(await page.textContent('#sign-in-error')).toBe(
        'Signed out in this browser, but the server did not revoke the token (HTTP 500); it stays valid until it expires.',
      );
      expect(await page.evaluate("sessionStorage.getItem('mcp-console-token')")).toBeNull();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'signs out of a pasted token without revoking it, since other clients may use it',
    async () => {
      const created = await fetch(`${sut.url}/auth/tokens`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await loginToken()}`,
        },
        body: JSON.stringify({ name: 'dify' }),
      });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      const page = await openConsole();
      await page.fill('#token-form textarea', token);
      await page.click('#token-form button[type=submit]');
      await page.locator('#identity:not([hidden])').waitFor();

      await page.click('#sign-out');
      await page.locator('#sign-in-notice:not([hidden])').waitFor();
      expect(await page.textContent('#sign-in-notice')).toBe(
        'Signed out in this browser. A pasted token is not revoked, as other clients may use it: revoke it where it was issued.',
      );
      expect((await listTools(token)).status).toBe(200);
      await page.close();
    },
    TIMEOUT,
  );

  it('serves the console under a strict Content-Security-Policy, with no data before sign-in', async () => {
    const page = await fetch(`${sut.url}/console/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const html = await page.text();
    expect(html).not.toMatch(/<script>|<style>| style=| on[a-z]+=/);
    expect(html).not.toContain(namespace);
    for (const path of ['/console/..%2Fpackage.json', '/console/nothing.js']) {
      expect((await fetch(`${sut.url}${path}`)).status).toBe(404);
    }
    expect(cspViolations).toEqual([]);
    const origins = new Set(
      requested.filter((url) => url.startsWith('http')).map((url) => new URL(url).origin),
    );
    expect([...origins].filter((origin) => origin !== sut.url)).toEqual([]);
  });

  it(
    'lets a web application on a listed origin call /mcp with a token, and blocks other origins',
    async () => {
      const token = await login(sut.url, 'alice', PASSWORD);
      const call = (page: Page) =>
        page.evaluate(
          async ({ url, token }) => {
            try {
              const response = await fetch(`${url}/mcp`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
                body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
              });
              const body = (await response.json()) as { result: { tools: unknown[] } };
              return { status: response.status, tools: body.result.tools.length as number };
            } catch (error) {
              return { error: String(error) };
            }
          },
          { url: sut.url, token },
        );
      const allowed = await browser.newPage();
      await allowed.goto(allowedApp.origin);
      const ok = await call(allowed);
      expect(ok).toEqual({ status: 200, tools: expect.any(Number) });
      expect((ok as { tools: number }).tools).toBeGreaterThan(0);

      const other = await browser.newPage();
      await other.goto(otherApp.origin);
      expect(await call(other)).toEqual({ error: 'TypeError: Failed to fetch' });
      await allowed.close();
      await other.close();
    },
    TIMEOUT,
  );

  it(
    'is part of the build output and can be switched off',
    async () => {
      ensureBuilt();
      for (const file of ['index.html', 'console.js', 'console.css', 'favicon.svg'])
        expect(existsSync(join(ROOT, 'dist/libs/console/src/assets', file))).toBe(true);
      const off = await startTestApp({ CONSOLE_ENABLED: 'false' });
      try {
        expect((await fetch(`${off.url}/console/`)).status).toBe(404);
      } finally {
        await off.close();
      }
    },
    TIMEOUT,
  );
});
