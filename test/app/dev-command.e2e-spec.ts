import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The README promises that `npm run dev` runs the server against the local simulated cluster
// when no kubeconfig is given, with a demo admin account whose password is printed once.
describe('npm run dev', () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const demoDir = mkdtempSync(join(tmpdir(), 'mcp-demo-'));
  let server: ChildProcess;
  let output = '';

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DEMO_DIR: demoDir,
      LOG_FORMAT: 'simple',
    };
    for (const name of [
      'KUBECONFIG',
      'JWT_SECRET',
      'AUTH_ENABLED',
      'AUTH_USERS_FILE',
      'K8S_IN_CLUSTER',
    ])
      delete env[name];
    server = spawn('npm', ['run', 'dev'], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    const deadline = Date.now() + 150_000;
    while (!/Listening on/.test(output)) {
      if (server.exitCode !== null || Date.now() > deadline)
        throw new Error(`npm run dev did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 180_000);

  afterAll(() => {
    // The whole process group: npm, the shell script and the server.
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  });

  it('uses the local cluster and prints the demo password once', async () => {
    expect(output).toContain('no KUBECONFIG given: using the local simulated cluster');
    const password = /username admin, password (\S+)/.exec(output)?.[1];
    expect(password).toBeDefined();

    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };

    const call = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'kubectl_get', arguments: { resource: 'nodes' } },
      }),
    });
    const body = (await call.json()) as {
      result: { content: Array<{ text: string }>; isError?: boolean };
    };
    expect(body.result.isError).toBeFalsy();
    expect(body.result.content[0].text).toContain('kwok-node-0');
  });

  it('refuses the wrong password for the demo account', async () => {
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'not-the-password' }),
    });
    expect(login.status).toBe(401);
  });
});
