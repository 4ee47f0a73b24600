import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { stringify } from 'yaml';
import { z } from 'zod';

import { groupResourceOf, resourcePath, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess, type ClusterConnection } from '../cluster-access.js';
import { takeWithinLimit } from '../output/output-limit.js';
import { sanitizeObject, type KubernetesObject } from '../output/sanitize-object.js';
import {
  compactTable,
  renderTableLines,
  TABLE_ACCEPT,
  type ServerTable,
} from '../output/table-format.js';
import { resolveNamespaceScope, type NamespaceScope } from './namespace-scope.js';
import {
  LIMITS,
  contextField,
  fieldSelectorField,
  labelSelectorField,
  nameField,
  namespaceField,
  resourceField,
} from './tool-fields.js';
import {
  READ_ONLY_CLUSTER_TOOL,
  inNamespace,
  runTool,
  toolInput,
  toolSuccess,
} from './tool-support.js';

const inputSchema = toolInput({
  resource: resourceField,
  name: nameField.optional(),
  namespace: namespaceField,
  allNamespaces: z.boolean().optional().describe('All namespaces you may use'),
  labelSelector: labelSelectorField,
  fieldSelector: fieldSelectorField.describe('e.g. "status.phase=Running"'),
  // Paging as in the list API itself; the description says when to use it.
  limit: z.number().int().min(1).max(5000).optional(),
  continue: z.string().min(1).max(LIMITS.continueToken).optional(),
  output: z.enum(['table', 'yaml', 'json']).default('table'),
  context: contextField,
});

const outputSchema = z.object({
  resource: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  count: z.number(),
  columns: z.array(z.string()).optional(),
  rows: z.array(z.array(z.string())).optional(),
  items: z.array(z.record(z.string(), z.unknown())).optional(),
  continue: z.string().optional(),
  truncated: z.boolean(),
  omitted: z.number(),
});

type Input = z.infer<typeof inputSchema>;

@McpTool()
export class KubectlGetTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_get';
  readonly title = 'Get Kubernetes resources';
  readonly description = [
    'List any type (CRDs too) or read one object by name, like `kubectl get`:',
    "kubectl's table, or yaml/json (Secrets masked).",
    'Long lists are cut: page with limit and continue.',
    'Example: {"resource":"pods","namespace":"default"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  constructor(private readonly access: ClusterAccess) {}

  call(input: Input, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const type = await connection.resolve(input.resource);
      const scope = resolveNamespaceScope(ctx.caller, connection, type, input, target);
      if (scope.namespaces.length > 1 && (input.limit || input.continue)) {
        // Each namespace is a separate list with its own continue token.
        throw new ToolInputError(
          'limit/continue page one namespace at a time; with allNamespaces name a namespace instead, or narrow with labelSelector',
        );
      }
      const reveal = ctx.caller.capabilities.revealSecrets;
      const pages = await Promise.all(
        scope.namespaces.map((namespace) =>
          this.fetch(connection, type, namespace, input, ctx.signal, needsRowMetadata(scope)),
        ),
      );
      const names = scope.onlyNames;
      const keep = (meta?: { name?: string }) => !names || names.includes(meta?.name ?? '');
      const label = input.name ? `${groupResourceOf(type)} "${input.name}"` : groupResourceOf(type);
      const where = scope.acrossNamespaces
        ? ' in all allowed namespaces'
        : inNamespace(scope.namespaces[0]);
      const next = pages.length === 1 ? pages[0].continue : undefined;
      const base = {
        resource: groupResourceOf(type),
        kind: type.kind,
        ...(scope.namespaces[0] && !scope.acrossNamespaces
          ? { namespace: scope.namespaces[0] }
          : {}),
      };
      const max = this.access.maxOutputChars;

      if (input.output === 'table') {
        const rows = pages
          .flatMap((page) => page.table!.rows)
          .filter((row) => keep(row.object?.metadata));
        const table = compactTable({ ...pages[0].table!, rows }, scope.acrossNamespaces);
        if (!rows.length)
          return toolSuccess(`No ${label} found${where}.`, {
            ...base,
            count: 0,
            ...table,
            truncated: false,
            omitted: 0,
          });
        const lines = renderTableLines(table);
        const cut = takeWithinLimit(lines, max);
        const shownRows = Math.max(cut.kept - 1, 0);
        const notes = footer(cut.omitted, next, 'rows');
        return toolSuccess(`${cut.text}${notes}`, {
          ...base,
          count: rows.length,
          columns: table.columns,
          rows: table.rows.slice(0, shownRows),
          ...(next ? { continue: next } : {}),
          truncated: cut.omitted > 0,
          omitted: cut.omitted,
        });
      }
      const items = pages
        .flatMap((page) => page.items!)
        .filter((item) => keep(item.metadata))
        .map((item) => sanitizeObject(item, reveal));
      if (!items.length)
        return toolSuccess(
          input.output === 'json' ? jsonList('', next) : `No ${label} found${where}.`,
          {
            ...base,
            count: 0,
            items: [],
            truncated: false,
            omitted: 0,
          },
        );
      const documents = items.map((item) =>
        input.output === 'yaml' ? stringify(item).trimEnd() : JSON.stringify(item, null, 1),
      );
      const cut = takeWithinLimit(documents, max, input.output === 'yaml' ? '\n---\n' : ',\n');
      const body = input.output === 'json' && !input.name ? jsonList(cut.text, next) : cut.text;
      return toolSuccess(`${body}${footer(cut.omitted, next, 'objects')}`, {
        ...base,
        count: items.length,
        items: items.slice(0, cut.kept),
        ...(next ? { continue: next } : {}),
        truncated: cut.omitted > 0,
        omitted: cut.omitted,
      });
    });
  }

  private async fetch(
    connection: ClusterConnection,
    type: ApiResource,
    namespace: string | undefined,
    input: Input,
    signal: AbortSignal,
    rowMetadata = true,
  ): Promise<{ table?: ServerTable; items?: KubernetesObject[]; continue?: string }> {
    const path = resourcePath(type, namespace, input.name);
    const query = input.name
      ? {}
      : {
          labelSelector: input.labelSelector,
          fieldSelector: input.fieldSelector,
          limit: input.limit,
          continue: input.continue,
        };
    if (input.output === 'table') {
      const answer = await connection.http.json<ServerTable & KubernetesObject>({
        path,
        accept: TABLE_ACCEPT,
        query: { ...query, includeObject: rowMetadata ? 'Metadata' : 'None' },
        signal,
      });
      // Some aggregated APIs ignore the Table request and answer with plain objects.
      const table = answer.kind === 'Table' ? answer : nameTable(answer);
      if (!rowMetadata && namespace) {
        for (const row of table.rows) row.object ??= { metadata: { namespace } };
      }
      return { table, continue: table.metadata?.continue || undefined };
    }
    const result = await connection.http.json<KubernetesObject & { items?: KubernetesObject[] }>({
      path,
      query,
      signal,
    });
    if (input.name) return { items: [result] };
    const apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
    const items = (result.items ?? []).map((item) => ({ apiVersion, kind: type.kind, ...item }));
    return { items, continue: (result.metadata as { continue?: string })?.continue || undefined };
  }
}

/**
 * A list in kubectl's `-o json` shape: one object, not a bare array, so clients that split
 * arrays into one message per element (Dify) keep it whole. `items` holds already-rendered
 * documents so the output cap still cuts on an object boundary.
 */
function jsonList(renderedItems: string, next: string | undefined): string {
  const metadata = JSON.stringify({ resourceVersion: '', ...(next ? { continue: next } : {}) });
  const items = renderedItems ? `[\n${renderedItems}\n]` : '[]';
  return `{"apiVersion":"v1","kind":"List","metadata":${metadata},"items":${items}}`;
}

/**
 * Whether table rows must carry each object's metadata: to filter by name, or to show the
 * namespace of a cluster-wide list. Otherwise the rows come without it (includeObject=None),
 * which for 100 pods is a 17 kB answer instead of 217 kB and several times faster to serve.
 */
function needsRowMetadata(scope: NamespaceScope): boolean {
  return (
    scope.onlyNames !== undefined ||
    (scope.acrossNamespaces && scope.namespaces.includes(undefined))
  );
}

function footer(omitted: number, next: string | undefined, unit: string): string {
  const notes: string[] = [];
  if (omitted > 0) {
    notes.push(
      `[${omitted} more ${unit} not shown: output is limited to MCP_MAX_OUTPUT_CHARS characters. Narrow the query with labelSelector, fieldSelector or name, or page with limit and continue.]`,
    );
  }
  if (next) notes.push(`[More results on the server: call again with continue="${next}".]`);
  return notes.length ? `\n${notes.join('\n')}` : '';
}

/** NAME + CREATED columns for answers that are not a server-side Table. */
export function nameTable(answer: KubernetesObject & { items?: KubernetesObject[] }): ServerTable {
  const objects = answer.items ?? [answer];
  return {
    columnDefinitions: [
      { name: 'Name', type: 'string' },
      { name: 'Created', type: 'string' },
    ],
    rows: objects.map((object) => ({
      cells: [object.metadata?.name, object.metadata?.creationTimestamp],
      object: { metadata: { name: object.metadata?.name, namespace: object.metadata?.namespace } },
    })),
    metadata: answer.metadata as ServerTable['metadata'],
  };
}
