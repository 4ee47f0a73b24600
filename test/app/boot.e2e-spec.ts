import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { waitForLogLine } from '../support/log-file.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('server boot against the local cluster', () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'mcp-boot-')), 'server.log');
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp({ LOG_FILE: logFile, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
  });

  afterAll(async () => {
    await sut?.close();
  });

  it('runs on Node 24', () => {
    console.log(`e2e tests run on Node ${process.version}`);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

  it('logs the Kubernetes server version at start-up', async () => {
    const connected = await waitForLogLine(logFile, (line) =>
      String(line.message).startsWith('Connected to Kubernetes'),
    );
    expect(connected.message).toMatch(
      /^Connected to Kubernetes v1\.\d+\.\d+ at https:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it('answers GET /health with the cluster up', async () => {
    const response = await fetch(`${sut.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; info: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.info.kubernetes).toMatchObject({
      status: 'up',
      version: expect.stringMatching(/^v1\./),
    });
  });

  it('gives every request one id, echoed and carried into its log lines', async () => {
    const response = await fetch(`${sut.url}/health/live`, {
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');

    const generated = (await fetch(`${sut.url}/health/live`)).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);

    const unsafe = (
      await fetch(`${sut.url}/health/live`, { headers: { 'x-request-id': 'bad id\twith spaces' } })
    ).headers.get('x-request-id');
    expect(unsafe).not.toBe('bad id\twith spaces');

    const traced = await waitForLogLine(
      logFile,
      (line) => line.context === 'HTTP' && line.requestId === 'trace-abc-123',
    );
    expect(traced.message).toMatch(/^GET \/health\/live 200/);
    const other = await waitForLogLine(
      logFile,
      (line) => line.context === 'HTTP' && line.requestId === generated,
    );
    expect(other.message).toMatch(/^GET \/health\/live 200/);
  });
});
