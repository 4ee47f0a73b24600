import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';

import { MAIN, NODE, ensureBuilt } from '../support/built-server.js';
import { adminKubeconfigPath } from '../support/cluster.js';
import { TEST_JWT_SECRET } from '../support/test-app.js';

/** The built server, started as `npm start` would: a login-token lifetime above the cap stops it. */
describe('start-up with JWT_EXPIRES_IN above JWT_MAX_LIFETIME', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('exits with EX_CONFIG and says which variable to change', () => {
    const home = mkdtempSync('/tmp/token-lifetime-');
    const run = spawnSync(NODE, [MAIN], {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        KUBECONFIG: adminKubeconfigPath(),
        JWT_SECRET: TEST_JWT_SECRET,
        JWT_EXPIRES_IN: '36500d',
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain(
      'JWT_EXPIRES_IN (36500d) is longer than JWT_MAX_LIFETIME (3d); shorten it, or raise JWT_MAX_LIFETIME knowingly',
    );
  });
});
