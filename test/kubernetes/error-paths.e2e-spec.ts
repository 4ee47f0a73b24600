import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { uniqueNamespace, userKubeConfig } from '../support/cluster.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  type ToolHarness,
} from './tool-harness.js';

const TIMEOUT = 90_000;

const configMap = (name: string, namespace?: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}${namespace ? `\n  namespace: ${namespace}` : ''}
data: { key: value }
`;

describe('Kubernetes API errors become tool errors that name what failed', () => {
  const namespace = uniqueNamespace('errors');
  let sut: ToolHarness;

  beforeAll(async () => {
    await createNamespace(namespace);
    sut = await startToolHarness();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it('not found names the resource, object and namespace', async () => {
    const result = await sut.call('kubectl_get', { resource: 'deploy', name: 'web', namespace });
    expect(result).toMatchObject({ isError: true });
    expect(textOf(result)).toBe(
      `deployments.apps "web" not found in namespace "${namespace}". List what exists with kubectl_get.`,
    );
    const logs = await sut.call('kubectl_logs', { pod: 'ghost', namespace });
    expect(textOf(logs)).toBe(
      `pods "ghost" not found in namespace "${namespace}". List what exists with kubectl_get.`,
    );
    const deleted = await sut.call('kubectl_delete', { resource: 'svc', name: 'ghost', namespace });
    expect(textOf(deleted)).toBe(
      `services "ghost" not found in namespace "${namespace}". List what exists with kubectl_get.`,
    );
  });

  it('unknown resource types suggest close matches', async () => {
    const result = await sut.call('kubectl_get', { resource: 'deploymnets', namespace });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'The server doesn\'t have a resource type "deploymnets". Did you mean "deployments.apps"?',
    );
    const none = await sut.call('kubectl_get', { resource: 'zzzzqqqq' });
    expect(textOf(none)).toContain(
      'Call kubectl_api_resources to list the types this cluster serves.',
    );
  });

  it('invalid objects report the field path', async () => {
    const result = await sut.call('kubectl_apply', {
      namespace,
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bad }\nspec:\n  replicas: -1\n  selector: { matchLabels: { app: bad } }\n  template:\n    metadata: { labels: { app: bad } }\n    spec: { containers: [{ name: c, image: nginx }] }\n',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(
      'Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('applies a multi-document manifest and reports the one bad document', async () => {
    const yaml = [
      configMap('first'),
      'apiVersion: v1\nkind: Service\nmetadata: { name: broken }\nspec:\n  ports: [{ port: 99999 }]\n',
      'kind: ConfigMap\nmetadata: { name: no-version }\n',
      configMap('second'),
    ].join('---\n');
    const result = await sut.call('kubectl_apply', { yaml, namespace });
    expect(result.isError).toBeFalsy();
    const lines = textOf(result).split('\n');
    expect(lines[0]).toBe('2 of 4 documents failed:');
    expect(lines[1]).toBe('configmap/first created');
    expect(lines[2]).toMatch(
      /^error: document 2 service\/broken: Service "broken" is invalid: \[?spec\.ports\[0\]\.port: Invalid value: 99999/,
    );
    expect(lines[3]).toBe('error: document 3: missing apiVersion');
    expect(lines[4]).toBe('configmap/second created');
    expect(result.structuredContent).toMatchObject({ applied: 2, failed: 2 });
    const again = await sut.call('kubectl_apply', { yaml: configMap('first'), namespace });
    expect(textOf(again)).toBe('configmap/first unchanged');
    const parse = await sut.call('kubectl_apply', { yaml: 'kind: [unclosed', namespace });
    expect(textOf(parse)).toMatch(
      /^1 of 1 documents failed:\nerror: document 1: not valid YAML\/JSON: /,
    );
  });

  it(
    'forbidden comes from the cluster RBAC with the user and verb',
    async () => {
      const path = join(tmpdir(), `${namespace}-bob.kubeconfig`);
      writeFileSync(path, userKubeConfig('bob').exportConfig(), { mode: 0o600 });
      const asBob = await startToolHarness({ KUBECONFIG: path });
      try {
        const result = await asBob.call('kubectl_get', { resource: 'pods', namespace });
        expect(result.isError).toBe(true);
        expect(textOf(result)).toBe(
          `pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "${namespace}". The cluster's RBAC does not allow this; ask a cluster administrator for access or use another context.`,
        );
        const write = await asBob.call('kubectl_apply', {
          yaml: configMap('nope'),
          namespace: 'team-b',
        });
        expect(textOf(write)).toContain(
          'configmaps "nope" is forbidden: User "bob" cannot patch resource "configmaps"',
        );
      } finally {
        await asBob.close();
      }
    },
    TIMEOUT,
  );

  it('rejects bad input before calling the cluster', async () => {
    // The harness parses with the tool's own schema, as the MCP invoker does (its message: tool-input.spec.ts).
    await expect(
      sut.call('kubectl_get', { resource: 'pods', output: 'xml' }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['output'], code: 'invalid_value' })],
    });
    await expect(sut.call('kubectl_logs', { pod: 'x', lines: 0 })).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ['lines'], code: 'too_small' })],
    });
    await expect(
      sut.call('kubectl_get', { resource: 'pods', namespace: 'Bad_NS' }),
    ).rejects.toThrow(/namespace name/);
    const neither = await sut.call('kubectl_delete', { resource: 'pods', namespace });
    expect(textOf(neither)).toBe(
      'Give exactly one of name (one object) or labelSelector (every matching object)',
    );
  });
});
