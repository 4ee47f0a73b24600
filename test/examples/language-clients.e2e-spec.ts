import { CoreV1Api } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { writeUsersFile } from '../support/auth-users.js';
import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { pythonVenv } from '../support/python-venv.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');
const run = promisify(execFile);
const PASSWORD = 'example-password-123';
const PODS = ['api-0', 'worker-0'];
// A Python SDK client starts in seconds on a busy 2-core machine.
const RUN_TIMEOUT = 60_000;

interface Example {
  name: string;
  command: () => [string, string[]];
}

/** Pod names in the first column of the `kubectl_get` table an example printed. */
function podNamesIn(stdout: string): string[] {
  const lines = stdout.split('\n');
  const header = lines.findIndex((line) => line.startsWith('NAME '));
  return lines
    .slice(header + 1)
    .filter((line) => line.trim())
    .map((line) => line.split(/\s+/)[0]);
}

// Each example under examples/ signs in with POST /auth/login and calls tools against the real
// server and cluster, the way a user runs it (its own process, only environment variables).
describe('client examples in several languages', () => {
  const namespace = uniqueNamespace('clients');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  let server: TestApp;
  let python: string;

  const clients: Example[] = [
    {
      name: 'TypeScript, official SDK (typescript/sdk-client.ts)',
      command: () => [process.execPath, [join(examples, 'typescript', 'sdk-client.ts')]],
    },
    {
      name: 'JavaScript, MCPKubernetesClient with fetch (custom-client.js)',
      command: () => [process.execPath, [join(examples, 'custom-client.js')]],
    },
    {
      name: 'Python, official mcp SDK (python/sdk_client.py)',
      command: () => [python, [join(examples, 'python', 'sdk_client.py')]],
    },
    {
      name: 'Python, httpx JSON-RPC (python/jsonrpc_client.py)',
      command: () => [python, [join(examples, 'python', 'jsonrpc_client.py')]],
    },
    {
      name: 'curl (curl/client.sh)',
      command: () => ['bash', [join(examples, 'curl', 'client.sh')]],
    },
  ];

  async function runExample(example: Example, password: string) {
    const [command, args] = example.command();
    return run(command, [...args, namespace], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        MCP_SERVER_URL: `${server.url}/mcp`,
        MCP_USERNAME: 'dev',
        MCP_PASSWORD: password,
      },
      timeout: RUN_TIMEOUT,
    });
  }

  beforeAll(async () => {
    python = pythonVenv(join(examples, 'python', 'requirements.txt'));
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const name of PODS) {
      await core.createNamespacedPod({
        namespace,
        body: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      });
    }
    const usersFile = writeUsersFile([
      { name: 'dev', password: PASSWORD, roles: ['viewer'], namespaces: [namespace] },
    ]);
    server = await startTestApp({ AUTH_ENABLED: 'true', AUTH_USERS_FILE: usersFile });
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  describe.each(clients)('$name', (example) => {
    it(
      'signs in, lists the tools and prints the pods that exist in the namespace',
      async () => {
        const { stdout } = await runExample(example, PASSWORD);
        const tools = stdout.split('\n').find((line) => line.startsWith('Tools: '));
        expect(tools?.slice('Tools: '.length).split(', ')).toEqual(
          expect.arrayContaining(['kubectl_get', 'kubectl_logs', 'kubectl_describe']),
        );
        // A viewer is shown only read-only tools.
        expect(tools).not.toContain('kubectl_delete');
        const inCluster = await core.listNamespacedPod({ namespace });
        expect(podNamesIn(stdout).sort()).toEqual(
          inCluster.items.map((pod) => pod.metadata!.name!).sort(),
        );
        expect(podNamesIn(stdout).sort()).toEqual(PODS);
      },
      RUN_TIMEOUT,
    );

    it(
      'exits non-zero with the server reason when the password is wrong',
      async () => {
        await expect(runExample(example, 'wrong-password-123')).rejects.toMatchObject({
          code: 1,
          stderr: expect.stringContaining('Login failed (HTTP 401): Invalid username or password'),
        });
      },
      RUN_TIMEOUT,
    );
  });
});
