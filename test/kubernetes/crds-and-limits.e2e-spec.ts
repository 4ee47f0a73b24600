import { ApiextensionsV1Api } from '@kubernetes/client-node';
import type { Caller } from '#mcp';

import { callerWithRoles, SECRET_ADMIN_POLICY, writePolicyFile } from '../support/callers.js';

import { adminKubeConfig, uniqueNamespace } from '../support/cluster.js';
import {
  createNamespace,
  deleteNamespace,
  startToolHarness,
  textOf,
  type ToolHarness,
} from './tool-harness.js';

const TIMEOUT = 90_000;

describe('custom resources, namespace limits and secret masking', () => {
  const own = uniqueNamespace('limits-own');
  const other = uniqueNamespace('limits-other');
  const group = `${own}.example.com`;
  const operator: Caller = callerWithRoles('otto', ['operator'], [own]);
  let sut: ToolHarness;

  beforeAll(async () => {
    await Promise.all([createNamespace(own), createNamespace(other)]);
    sut = await startToolHarness();
  }, TIMEOUT);
  afterAll(async () => {
    await sut?.close();
    await adminKubeConfig()
      .makeApiClient(ApiextensionsV1Api)
      .deleteCustomResourceDefinition({ name: `widgets.${group}` })
      .catch(() => undefined);
    await Promise.all([deleteNamespace(own), deleteNamespace(other)]);
  }, TIMEOUT);

  it(
    'applies a CRD and its objects in one request, then gets, updates and deletes them',
    async () => {
      const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wdg] }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, properties: { size: { type: integer } } }
      additionalPrinterColumns:
        - { name: Size, type: integer, jsonPath: .spec.size }
`;
      const widget = (size: number) =>
        `apiVersion: ${group}/v1\nkind: Widget\nmetadata: { name: gear }\nspec: { size: ${size} }\n`;
      const created = await sut.call('kubectl_apply', {
        yaml: `${crd}---\n${widget(3)}`,
        namespace: own,
      });
      expect(textOf(created)).toBe(
        `customresourcedefinition.apiextensions.k8s.io/widgets.${group} created\nwidget.${group}/gear created`,
      );

      const table = await sut.call('kubectl_get', { resource: 'wdg', namespace: own });
      expect(textOf(table)).toMatch(/^NAME\s+SIZE\ngear\s+3$/);
      const byGroup = await sut.call('kubectl_get', {
        resource: `widgets.${group}`,
        name: 'gear',
        namespace: own,
        output: 'json',
      });
      expect(byGroup.structuredContent).toMatchObject({
        kind: 'Widget',
        items: [{ spec: { size: 3 } }],
      });

      expect(textOf(await sut.call('kubectl_apply', { yaml: widget(5), namespace: own }))).toBe(
        `widget.${group}/gear configured`,
      );
      expect(
        textOf(
          await sut.call('kubectl_delete', { resource: 'widget', name: 'gear', namespace: own }),
        ),
      ).toBe(`widget.${group} "gear" deleted`);
    },
    TIMEOUT,
  );

  it(
    'keeps a namespace-limited caller inside its namespaces',
    async () => {
      await sut.call('kubectl_apply', {
        yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: mine }\n',
        namespace: own,
      });
      await sut.call('kubectl_apply', {
        yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: theirs }\n',
        namespace: other,
      });

      const refused = await sut.call('kubectl_get', { resource: 'cm', namespace: other }, operator);
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toBe(
        `Access to namespace "${other}" is not allowed for otto; allowed namespaces: ${own}`,
      );

      const everywhere = await sut.call(
        'kubectl_get',
        { resource: 'configmaps', allNamespaces: true },
        operator,
      );
      expect(textOf(everywhere)).toContain('mine');
      expect(textOf(everywhere)).not.toContain('theirs');
      expect(
        (everywhere.structuredContent!.rows as string[][]).every((row) => row[0] === own),
      ).toBe(true);
      const paged = await sut.call(
        'kubectl_get',
        { resource: 'cm', allNamespaces: true, limit: 5 },
        { ...operator, namespaces: [own, other] },
      );
      expect(textOf(paged)).toMatch(/^limit\/continue page one namespace at a time/);

      const namespaces = await sut.call('kubectl_get', { resource: 'ns' }, operator);
      expect(namespaces.structuredContent!.rows).toEqual([[own, 'Active', expect.any(String)]]);
      const nodes = await sut.call('kubectl_get', { resource: 'nodes' }, operator);
      expect(textOf(nodes)).toBe(
        `nodes is cluster-scoped; otto may only use the namespaces ${own}`,
      );

      const mixed = await sut.call(
        'kubectl_apply',
        {
          yaml: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: sneaky, namespace: ${other} }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: fine }\n`,
          namespace: own,
        },
        operator,
      );
      expect(mixed.denied).toBe(true);
      expect(textOf(mixed)).toBe(
        `Nothing was applied: document 1 configmap/sneaky: Access to namespace "${other}" is not allowed for otto; allowed namespaces: ${own}`,
      );

      for (const [tool, input] of [
        ['kubectl_delete', { resource: 'cm', name: 'theirs', namespace: other }],
        ['kubectl_logs', { pod: 'x', namespace: other }],
        ['kubectl_describe', { resource: 'cm', name: 'theirs', namespace: other }],
        ['kubectl_events', { namespace: other }],
        ['kubectl_scale', { name: 'x', replicas: 1, namespace: other }],
        ['kubectl_rollout', { action: 'status', name: 'x', namespace: other }],
        ['kubectl_top', { namespace: other }],
      ] as const) {
        const result = await sut.call(tool, input, operator);
        expect([tool, textOf(result), result.denied]).toEqual([
          tool,
          `Access to namespace "${other}" is not allowed for otto; allowed namespaces: ${own}`,
          true,
        ]);
      }
    },
    TIMEOUT,
  );

  it(
    'masks Secret values for everyone, admins included, unless a role may reveal them',
    async () => {
      await sut.call('kubectl_apply', {
        yaml: 'apiVersion: v1\nkind: Secret\nmetadata: { name: creds }\nstringData: { password: hunter2-hunter2 }\n',
        namespace: own,
      });
      for (const output of ['yaml', 'json'] as const) {
        const masked = await sut.call(
          'kubectl_get',
          { resource: 'secret', name: 'creds', namespace: own, output },
          operator,
        );
        expect(textOf(masked)).toContain('<redacted: 15 bytes>');
        expect(JSON.stringify(masked)).not.toContain(
          Buffer.from('hunter2-hunter2').toString('base64'),
        );
        expect(JSON.stringify(masked)).not.toContain('hunter2');
      }
      const described = await sut.call(
        'kubectl_describe',
        { resource: 'secret', name: 'creds', namespace: own },
        operator,
      );
      expect(JSON.stringify(described)).not.toContain(
        Buffer.from('hunter2-hunter2').toString('base64'),
      );
      const get = { resource: 'secret', name: 'creds', namespace: own, output: 'yaml' };
      const admin = await sut.call('kubectl_get', get);
      expect(textOf(admin)).toContain('<redacted: 15 bytes>');
      expect(textOf(admin)).not.toContain(Buffer.from('hunter2-hunter2').toString('base64'));
      const revealer = callerWithRoles('sam', ['secret-admin'], ['*'], {
        AUTH_POLICY_FILE: writePolicyFile(SECRET_ADMIN_POLICY),
      });
      const revealed = await sut.call('kubectl_get', get, revealer);
      expect(textOf(revealed)).toContain(Buffer.from('hunter2-hunter2').toString('base64'));
    },
    TIMEOUT,
  );
});
