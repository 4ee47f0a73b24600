// Starts what the e2e tests talk to: the local Kubernetes control plane (built from source
// on first use, cached afterwards) and a Redis server on a test port, after installing the
// system tools the tests run (scripts/test-prerequisites.sh). All three scripts are
// idempotent, so a running cluster is reused across test runs.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function globalSetup() {
  execFileSync('bash', [join(root, 'scripts/test-prerequisites.sh')], { stdio: 'inherit' });
  if (!process.env.TEST_KUBECONFIG) {
    execFileSync('bash', [join(root, 'scripts/control-plane/up.sh')], { stdio: 'inherit' });
  }
  if (!process.env.TEST_REDIS_URL) {
    const url = execFileSync('bash', [join(root, 'scripts/redis/up.sh')], {
      encoding: 'utf8',
    }).trim();
    process.env.TEST_REDIS_URL = url;
  }
}
