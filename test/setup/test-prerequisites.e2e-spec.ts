import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const script = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'scripts',
  'test-prerequisites.sh',
);
const run = promisify(execFile);

/**
 * A fresh machine in a folder: PATH holds only the given stand-in commands, so the script sees
 * exactly what is "installed". apt-get records its arguments instead of installing anything.
 */
function machine(commands: Record<string, string>): { path: string; aptLog: string } {
  const bin = mkdtempSync(join(tmpdir(), 'prerequisites-'));
  const aptLog = join(bin, 'apt-get.log');
  const all = { 'apt-get': `echo "$*" >> ${aptLog}`, ...commands };
  for (const [name, body] of Object.entries(all)) {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { path: bin, aptLog };
}

// `npm ci && npm test` on a fresh Debian machine: the e2e setup installs what the tests run.
describe('scripts/test-prerequisites.sh', () => {
  it('does nothing when curl, jq and Python venv are there', async () => {
    const { path, aptLog } = machine({ id: 'echo 0', curl: '', jq: '', python3: 'exit 0' });
    await run('/bin/bash', [script], { env: { PATH: path } });
    expect(() => readFileSync(aptLog)).toThrow();
  });

  it('as root, installs every missing package with one apt-get install', async () => {
    // python3 without ensurepip: Debian's python3 before python3-venv is installed.
    const { path, aptLog } = machine({ id: 'echo 0', curl: '', python3: 'exit 1' });
    const { stderr } = await run('/bin/bash', [script], { env: { PATH: path } });
    expect(stderr).toContain('installing Debian packages: jq python3-venv');
    expect(readFileSync(aptLog, 'utf8').trim().split('\n')).toEqual([
      'update -qq',
      'install -y -qq jq python3-venv',
    ]);
  });

  it('as another user, fails with the command to run', async () => {
    const { path, aptLog } = machine({ id: 'echo 1000', jq: '', python3: 'exit 0' });
    await expect(run('/bin/bash', [script], { env: { PATH: path } })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('missing: curl; run: sudo apt-get install -y curl'),
    });
    expect(() => readFileSync(aptLog)).toThrow();
  });
});
