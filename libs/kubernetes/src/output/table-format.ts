/** The server-side Table (meta.k8s.io/v1) the API returns for `kubectl get`. */
export interface ServerTable {
  columnDefinitions: { name: string; type: string; priority?: number }[];
  rows: { cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string } } }[];
  metadata?: { continue?: string; remainingItemCount?: number };
}

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface CompactTable {
  columns: string[];
  rows: string[][];
}

/** The columns kubectl shows by default (priority 0), with NAMESPACE first when asked. */
export function compactTable(table: ServerTable, withNamespace: boolean): CompactTable {
  const shown = table.columnDefinitions
    .map((column, index) => ({ column, index }))
    .filter(({ column }) => !column.priority);
  const columns = shown.map(({ column }) => column.name.toUpperCase());
  const rows = table.rows.map((row) => shown.map(({ index }) => formatCell(row.cells[index])));
  if (!withNamespace) return { columns, rows };
  return {
    columns: ['NAMESPACE', ...columns],
    rows: table.rows.map((row, index) => [row.object?.metadata?.namespace ?? '', ...rows[index]]),
  };
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<none>';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Left-aligned columns separated by three spaces, like kubectl. One string per line. */
export function renderTableLines(table: CompactTable): string[] {
  const all = [table.columns, ...table.rows];
  const widths = table.columns.map((_, index) =>
    Math.max(...all.map((row) => (row[index] ?? '').length)),
  );
  return all.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index])))
      .join('   ')
      .trimEnd(),
  );
}
