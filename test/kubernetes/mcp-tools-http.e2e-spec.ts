import { uniqueNamespace } from '../support/cluster.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createNamespace, deleteNamespace } from './tool-harness.js';

const TIMEOUT = 90_000;

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON-RPC replies are read as loose JSON */

/** The Kubernetes tools through the real application: plain JSON-RPC POST /mcp, as Dify and the seed's clients send it. */
describe('Kubernetes tools over POST /mcp', () => {
  const namespace = uniqueNamespace('mcp-tools');
  let sut: TestApp;
  let nextId = 1;

  const rpc = async (method: string, params: Record<string, unknown> = {}) => {
    const response = await fetch(`${sut.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { result: any; error?: unknown };
  };

  beforeAll(async () => {
    await createNamespace(namespace);
    sut = await startTestApp();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await deleteNamespace(namespace);
  }, TIMEOUT);

  it('refuses a misspelt parameter instead of running against the default namespace', async () => {
    const { result } = await rpc('tools/call', {
      name: 'kubectl_get',
      arguments: { resource: 'pods', namepsace: namespace },
    });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toBe(
      'Invalid arguments for tool "kubectl_get": (arguments): unknown parameter "namepsace"; this tool takes resource, name, namespace, allNamespaces, labelSelector, fieldSelector, limit, continue, output, context',
    );
    const { result: listed } = await rpc('tools/list');
    const get = listed.tools.find((tool: any) => tool.name === 'kubectl_get');
    expect(get.inputSchema.additionalProperties).toBe(false);
  });

  it('lists every Kubernetes tool with its annotations and output schema', async () => {
    const { result } = await rpc('tools/list');
    const tools = new Map<string, any>(result.tools.map((tool: any) => [tool.name, tool]));
    for (const name of [
      'kubectl_get',
      'kubectl_apply',
      'kubectl_delete',
      'kubectl_logs',
      'kubectl_describe',
      'kubectl_events',
      'kubectl_scale',
      'kubectl_rollout',
      'kubectl_api_resources',
      'kubectl_top',
      'kubectl_contexts',
    ]) {
      const tool = tools.get(name);
      expect(tool).toBeDefined();
      expect(tool.outputSchema).toMatchObject({ type: 'object' });
      expect(tool.title).toEqual(expect.any(String));
      // Read-only tools state only that; MCP gives the other hints meaning only for writers.
      const readOnly = tool.annotations.readOnlyHint === true;
      const writeHints = readOnly ? [] : ['destructiveHint', 'idempotentHint'];
      const closedWorld = name === 'kubectl_contexts' ? ['openWorldHint'] : [];
      expect([name, Object.keys(tool.annotations).sort()]).toEqual([
        name,
        [...writeHints, ...closedWorld, 'readOnlyHint'].sort(),
      ]);
    }
    expect(tools.get('kubectl_get').annotations).toEqual({ readOnlyHint: true });
    expect(tools.has('kubectl_exec')).toBe(false);
    expect(tools.get('kubectl_get').inputSchema.required).toEqual(['resource']);
    expect(tools.get('kubectl_delete').annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
  });

  it(
    'applies, gets and deletes through tools/call with structured content',
    async () => {
      const applied = await rpc('tools/call', {
        name: 'kubectl_apply',
        arguments: {
          yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: via-mcp }\ndata: { a: b }\n',
          namespace,
        },
      });
      expect(applied.result).toMatchObject({
        content: [{ type: 'text', text: 'configmap/via-mcp created' }],
        structuredContent: { applied: 1 },
      });

      const got = await rpc('tools/call', {
        name: 'kubectl_get',
        arguments: { resource: 'cm', namespace },
      });
      expect(got.result.isError).toBeFalsy();
      expect(got.result.content[0].text).toMatch(/^NAME\s+DATA\s+AGE\n/);
      expect(got.result.structuredContent).toMatchObject({ resource: 'configmaps', namespace });

      const missing = await rpc('tools/call', {
        name: 'kubectl_get',
        arguments: { resource: 'cm', name: 'nope', namespace },
      });
      expect(missing.result).toMatchObject({
        isError: true,
        content: [
          {
            text: `configmaps "nope" not found in namespace "${namespace}". List what exists with kubectl_get.`,
          },
        ],
      });

      const deleted = await rpc('tools/call', {
        name: 'kubectl_delete',
        arguments: { resource: 'configmap', name: 'via-mcp', namespace },
      });
      expect(deleted.result.content[0].text).toBe('configmap "via-mcp" deleted');
    },
    TIMEOUT,
  );

  it(
    'serves cluster objects as resources and offers the prompts',
    async () => {
      await rpc('tools/call', {
        name: 'kubectl_apply',
        arguments: {
          yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: as-resource }\ndata: { a: b }\n',
          namespace,
        },
      });
      const templates = await rpc('resources/templates/list');
      expect(templates.result.resourceTemplates.map((t: any) => t.uriTemplate)).toContain(
        'k8s://{namespace}/{resource}/{name}',
      );
      const listed = await rpc('resources/list');
      expect(listed.result.resources.map((r: any) => r.uri)).toContain(
        `k8s://_cluster/namespaces/${namespace}`,
      );

      const read = await rpc('resources/read', {
        uri: `k8s://${namespace}/configmaps/as-resource`,
      });
      expect(read.result.contents).toEqual([
        {
          uri: `k8s://${namespace}/configmaps/as-resource`,
          mimeType: 'application/yaml',
          text: expect.stringContaining('kind: ConfigMap\n'),
        },
      ]);
      expect(read.result.contents[0].text).not.toContain('managedFields');
      const missing = await rpc('resources/read', { uri: `k8s://${namespace}/configmaps/none` });
      expect(JSON.stringify(missing)).toContain(
        `configmaps \\"none\\" not found in namespace \\"${namespace}\\"`,
      );

      const prompts = await rpc('prompts/list');
      expect(prompts.result.prompts.map((p: any) => p.name)).toEqual(
        expect.arrayContaining(['diagnose_pod', 'check_cluster_health', 'deploy_application']),
      );
      const diagnose = await rpc('prompts/get', {
        name: 'diagnose_pod',
        arguments: { pod: 'web-1', namespace },
      });
      expect(diagnose.result.messages[0].content.text).toContain(
        `kubectl_describe {"resource": "pod", "name": "web-1", "namespace": "${namespace}"}`,
      );
    },
    TIMEOUT,
  );
});
