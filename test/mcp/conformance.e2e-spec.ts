import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { startTestApp, type TestApp } from '../support/test-app.js';

const CONFORMANCE = resolve('node_modules/@modelcontextprotocol/conformance/dist/index.js');

/**
 * The server scenarios of @modelcontextprotocol/conformance that apply to this server.
 *
 * Not run, because they call fixtures of the suite's reference server that a Kubernetes server
 * does not have: tools-call-* (test_simple_text, test_image_content, ... tools),
 * resources-read-*, resources-templates-read, resources-(un)subscribe (test:// resources),
 * prompts-get-* (test_* prompts), elicitation-* and tools-call-sampling/elicitation (tools that
 * ask the client), json-schema-2020-12 (a test_ tool with that schema), completion-complete (the
 * server does not offer the completions capability, so -32601 is the right answer) and
 * server-sse-polling (calls test_reconnection; this server keeps no event store to resume from).
 */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

describe('MCP conformance suite (server scenarios)', () => {
  const run = promisify(execFile);
  let sut: TestApp;

  beforeAll(async () => {
    // Bound to loopback like a local install, so the DNS-rebinding scenario applies.
    sut = await startTestApp({ HOST: '127.0.0.1' });
  });
  afterAll(() => sut.close());

  it.each(SCENARIOS)('%s passes', async (scenario) => {
    const output = mkdtempSync(join(tmpdir(), 'conformance-'));
    const argv = [CONFORMANCE, 'server', '--url', `${sut.url}/mcp`, '--scenario', scenario];
    const outcome = await run(process.execPath, [...argv, '-o', output], {
      env: { PATH: process.env.PATH ?? '', HOME: output },
      timeout: 60_000,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    const [resultDir] = readdirSync(output);
    const checks = JSON.parse(
      readFileSync(join(output, resultDir, 'checks.json'), 'utf8'),
    ) as Check[];
    const failures = checks.filter((check) => check.status === 'FAILURE');
    expect(failures).toEqual([]);
    expect(checks.filter((check) => check.status === 'SUCCESS').length).toBeGreaterThan(0);
    expect(outcome).toMatchObject({ code: 0 });
  });
});
