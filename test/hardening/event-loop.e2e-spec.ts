import { CoreV1Api } from '@kubernetes/client-node';
import { request } from 'node:http';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import { probeLiveness, type LivenessFigures } from '../support/liveness-probe.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const LIVENESS_BUDGET_MS = 500;
const DEEP = 10_000;

interface Answer {
  status: number;
  body: string;
}

/** Each input a caller could send to stall the server, and what a healthy server answers. */
interface HeavyInput {
  name: string;
  send(url: string): Promise<Answer>;
  expectAnswer(answer: Answer): void;
}

function post(url: string, path: string, body: string): Promise<Answer> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  }).then(async (response) => ({ status: response.status, body: await response.text() }));
}

/**
 * Declares a body of `bytes` and sends only its first 64 KiB: the server must answer from the
 * declared length (fetch would instead report the upload it cut off).
 */
function postOversized(url: string, path: string, bytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': bytes },
    });
    req.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        req.destroy();
        resolve({ status: response.statusCode ?? 0, body: text });
      });
    });
    req.on('error', reject);
    req.write('x'.repeat(64 * 1024));
  });
}

function rpc(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });
}

function toolCall(name: string, args: Record<string, unknown>): string {
  return rpc('tools/call', { name, arguments: args });
}

function resultText(answer: Answer): string {
  const body = JSON.parse(answer.body) as { result?: { content?: { text: string }[] } };
  return body.result?.content?.[0]?.text ?? '';
}

describe('no input stalls the server: /health/live answers within 500 ms during each', () => {
  const namespace = uniqueNamespace('heavy');
  const core = adminKubeConfig().makeApiClient(CoreV1Api);
  const slowest: Record<string, LivenessFigures> = {};
  let server: ServerProcess;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'chatty' },
        spec: { containers: [{ name: 'web', image: 'nginx' }] },
      },
    });
    server = await startServerProcess();
    // Wait for real log lines, so the pattern below runs against text.
    for (let attempt = 0; attempt < 60; attempt++) {
      const answer = await post(
        server.url,
        '/mcp',
        toolCall('kubectl_logs', { pod: 'chatty', namespace, lines: 5 }),
      );
      if (answer.status === 200 && resultText(answer).split('\n').length >= 3) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error('pod "chatty" wrote no log lines');
  }, 180_000);

  afterAll(async () => {
    console.log(
      `slowest /health/live answer per input (ms):\n${Object.entries(slowest)
        .map(
          ([name, { slowestMs, probes }]) =>
            `  ${name}: ${slowestMs.toFixed(1)} (${probes} probes)`,
        )
        .join('\n')}`,
    );
    await server?.stop();
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  }, 60_000);

  const nested = '['.repeat(DEEP) + ']'.repeat(DEEP);
  const inputs: HeavyInput[] = [
    {
      name: 'kubectl_get with a 1,000,000-character resource',
      send: (url) => post(url, '/mcp', toolCall('kubectl_get', { resource: 'x'.repeat(1e6) })),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(200);
        expect(resultText(answer)).toMatch(/resource: Too big: expected string to have <=253/);
      },
    },
    {
      name: 'resources/read of a URI with a 1,000,000-character resource',
      send: (url) =>
        post(url, '/mcp', rpc('resources/read', { uri: `k8s://default/${'x'.repeat(1e6)}/web` })),
      expectAnswer: (answer) => {
        expect(answer.body).toContain('cannot exist (at most 253)');
      },
    },
    {
      name: 'kubectl_logs with grep ^(.+)+QQ$ on real log lines',
      send: (url) =>
        post(
          url,
          '/mcp',
          toolCall('kubectl_logs', { pod: 'chatty', namespace, grep: '^(.+)+QQ$' }),
        ),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(200);
        expect(resultText(answer)).toBe('(no lines match "^(.+)+QQ$")');
      },
    },
    {
      name: `JSON-RPC params nested ${DEEP} levels deep`,
      send: (url) =>
        post(
          url,
          '/mcp',
          `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"a":${nested}}}`,
        ),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: -32600 } });
      },
    },
    {
      name: `"jsonrpc" nested ${DEEP} levels deep`,
      send: (url) => post(url, '/mcp', `{"jsonrpc":${nested},"id":1,"method":"ping"}`),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: -32600 } });
      },
    },
    {
      name: `login body nested ${DEEP} levels deep`,
      send: (url) => post(url, '/auth/login', `{"username":${nested},"password":"x"}`),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.body)).toMatchObject({
          statusCode: 400,
          message: expect.stringContaining('nested more than 64 levels'),
        });
      },
    },
    {
      name: 'a 4 MB tool argument inside the body limit',
      send: (url) => post(url, '/mcp', toolCall('server_ping', { message: 'x'.repeat(4_000_000) })),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(200);
        expect(resultText(answer)).toMatch(/message: Too big/);
      },
    },
    {
      name: 'kubectl_apply of a 256 KB manifest with 9,000 keys',
      send: (url) => {
        const keys = Array.from({ length: 9_000 }, (_, i) => `  k${i}: "${'v'.repeat(16)}"`);
        const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n${keys.join('\n')}`;
        expect(yaml.length).toBeGreaterThan(240_000);
        return post(url, '/mcp', toolCall('kubectl_apply', { yaml, namespace, dryRun: true }));
      },
      expectAnswer: (answer) => {
        expect(answer.status).toBe(200);
        // Parsed in the parser's worker (the YAML library's own duplicate-key check is quadratic:
        // seconds of a blocked event loop at this size) and validated by the API server.
        expect(resultText(answer)).toBe('configmap/huge created (server dry run)');
      },
    },
    {
      name: 'a 6 MB body over the limit',
      send: (url) => postOversized(url, '/mcp', 6_000_000),
      expectAnswer: (answer) => {
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.body)).toMatchObject({ error: { code: -32000 } });
      },
    },
  ];

  it.each(inputs.map((input) => [input.name, input]))(
    '%s',
    async (name, input) => {
      const probe = await probeLiveness(server.url);
      let answer: Answer;
      try {
        answer = await input.send(server.url);
      } finally {
        slowest[name] = await probe.stop();
      }
      input.expectAnswer(answer);
      expect(slowest[name].failures).toBe(0);
      expect(slowest[name].slowestMs).toBeLessThan(LIVENESS_BUDGET_MS);
    },
    60_000,
  );

  it('reports the event-loop delay on /metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });
});
