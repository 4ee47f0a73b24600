import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as plainConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { writeUsersFile } from '../support/auth-users.js';
import { readLogLines, waitForLogLine, type LogLine } from '../support/log-file.js';
import { TestOidcIssuer } from '../support/oidc-issuer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const AUDIENCE = 'mcp-e2e';
// The server runs in this process, so curl must not block the event loop.
const run = promisify(execFile);
const curl = async (...args: string[]): Promise<string> =>
  (await run('curl', ['-sS', ...args])).stdout;

/** A self-signed certificate for 127.0.0.1 (test only). */
function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-tls-'));
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function httpsGet(
  url: string,
  ca: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('transport security and SSO on the real application', () => {
  const issuer = new TestOidcIssuer();
  const tls = selfSignedCertificate();
  const logFile = join(mkdtempSync(join(tmpdir(), 'mcp-log-')), 'server.log');
  let sut: TestApp;

  beforeAll(async () => {
    await issuer.start();
    sut = await startTestApp({
      AUTH_ENABLED: 'true',
      AUTH_USERS_FILE: writeUsersFile([
        { name: 'ann', password: 'ann-password-1', roles: ['viewer'] },
      ]),
      OIDC_ISSUER_URL: issuer.url,
      OIDC_AUDIENCE: AUDIENCE,
      AUTH_GROUP_ROLES: 'sre=admin,readers=viewer',
      CORS_ORIGINS: 'https://console.example.com',
      TLS_CERT_FILE: tls.cert,
      TLS_KEY_FILE: tls.key,
      TRUST_PROXY: 'loopback',
      LOG_FILE: logFile,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
  });
  afterAll(async () => {
    await sut?.close();
    await issuer.stop();
  });

  const url = (path: string): string => `${sut.url.replace('http://', 'https://')}${path}`;
  const ca = (): Buffer => readFileSync(tls.cert);

  it('serves HTTPS with the configured certificate, and helmet security headers', async () => {
    expect(sut.url).toMatch(/^https:/);
    const res = await httpsGet(url('/health/live'), ca());
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers oversized headers over TLS with the security headers, and plain HTTP on the TLS port with nothing', async () => {
    const { port } = new URL(sut.url);
    const overTls = tlsConnect({ host: '127.0.0.1', port: Number(port), ca: ca() });
    let answer = '';
    overTls.on('data', (chunk) => (answer += chunk.toString('latin1')));
    overTls.write(`GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    await new Promise((resolve) => overTls.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.toLowerCase()).toContain('\r\nstrict-transport-security: max-age=');

    // A failed handshake is dropped, never answered in clear text; the server keeps serving.
    const plain = plainConnect(Number(port), '127.0.0.1');
    let clear = '';
    plain.on('data', (chunk) => (clear += chunk.toString('latin1')));
    plain.on('error', () => undefined);
    plain.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((resolve) => plain.once('close', resolve));
    expect(clear).not.toContain('HTTP/1.1');
    expect((await httpsGet(url('/health/live'), ca())).status).toBe(200);
  });

  it('answers CORS preflights only for allowed origins', async () => {
    const preflight = async (origin: string): Promise<string> =>
      (
        await curl(
          '--cacert',
          tls.cert,
          '-o',
          '/dev/null',
          '-D',
          '-',
          '-X',
          'OPTIONS',
          url('/mcp'),
          '-H',
          `Origin: ${origin}`,
          '-H',
          'Access-Control-Request-Method: POST',
          '-H',
          'Access-Control-Request-Headers: authorization,content-type',
        )
      ).toLowerCase();
    const allowed = await preflight('https://console.example.com');
    expect(allowed).toContain('access-control-allow-origin: https://console.example.com');
    expect(allowed).toContain('authorization');
    expect(await preflight('https://evil.example.com')).not.toContain(
      'access-control-allow-origin',
    );
  });

  it('takes the client address from X-Forwarded-For when the proxy is trusted (TRUST_PROXY=loopback)', async () => {
    const status = await curl(
      '--cacert',
      tls.cert,
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'POST',
      url('/auth/login'),
      '-H',
      'Content-Type: application/json',
      '-H',
      'X-Forwarded-For: 203.0.113.9',
      '-d',
      '{"username":"ann","password":"ann-password-1"}',
    );
    expect(status).toBe('200');
    const isLogin = (entry: LogLine): boolean =>
      entry.context === 'Audit' && entry.event === 'login';
    await waitForLogLine(logFile, isLogin);
    const logins = readLogLines(logFile).filter(isLogin);
    expect(logins).toEqual([
      expect.objectContaining({ user: 'ann', outcome: 'success', sourceIp: '203.0.113.9' }),
    ]);
  });

  it('accepts an OIDC token on /mcp and filters tools by the mapped role', async () => {
    const token = await issuer.token({ sub: 'sam', groups: ['readers'] }, { audience: AUDIENCE });
    const res = await mcpCallTls(url(''), token, tls.cert);
    expect(res.tools).toContain('kubectl_get');
    expect(res.tools).not.toContain('kubectl_delete');
  });

  it('sends 401 on /mcp with WWW-Authenticate pointing at the RFC 9728 metadata, which names the issuer', async () => {
    const headers = await curl(
      '--cacert',
      tls.cert,
      '-o',
      '/dev/null',
      '-D',
      '-',
      '-X',
      'POST',
      url('/mcp'),
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
    );
    expect(headers).toMatch(/^HTTP\/1\.1 401/);
    const challenge = headers
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith('www-authenticate:'));
    expect(challenge?.slice('www-authenticate: '.length)).toBe(
      `Bearer realm="mcp-kubernetes", resource_metadata="${url('/.well-known/oauth-protected-resource/mcp')}"`,
    );
    const metadata = JSON.parse(
      (await httpsGet(url('/.well-known/oauth-protected-resource/mcp'), ca())).body,
    );
    expect(metadata).toMatchObject({ resource: url('/mcp'), authorization_servers: [issuer.url] });
  });
});

async function mcpCallTls(
  base: string,
  token: string,
  cacert: string,
): Promise<{ tools: string[] }> {
  const out = await curl(
    '--cacert',
    cacert,
    '-X',
    'POST',
    `${base}/mcp`,
    '-H',
    'Content-Type: application/json',
    '-H',
    `Authorization: Bearer ${token}`,
    '-d',
    '{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
  );
  return { tools: JSON.parse(out).result.tools.map((tool: { name: string }) => tool.name) };
}
