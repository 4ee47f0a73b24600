/** Lines compared at most with the LCS table (rows x columns); bigger changes are shown whole. */
const MAX_TABLE_CELLS = 4_000_000;
const CONTEXT_LINES = 3;

type Edit = { kind: ' ' | '-' | '+'; line: string };

/**
 * A unified diff (`--- old`, `+++ new`, `@@` hunks with 3 lines of context) of two texts, or ''
 * when they are equal. Common leading and trailing lines are set aside first; the rest is
 * compared with a longest-common-subsequence table, and when that would exceed
 * MAX_TABLE_CELLS the changed block is shown as removed-then-added, so the work stays bounded
 * whatever the input.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  labels: { old: string; new: string },
): string {
  if (oldText === newText) return '';
  const a = oldText === '' ? [] : oldText.split('\n');
  const b = newText === '' ? [] : newText.split('\n');
  const edits = diffLines(a, b);
  return [`--- ${labels.old}`, `+++ ${labels.new}`, ...hunks(edits)].join('\n');
}

function diffLines(a: string[], b: string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (lines: string[]): Edit[] => lines.map((line) => ({ kind: ' ', line }));
  return [
    ...same(a.slice(0, start)),
    ...middle(a.slice(start, endA), b.slice(start, endB)),
    ...same(a.slice(endA)),
  ];
}

function middle(a: string[], b: string[]): Edit[] {
  const removed = a.map((line): Edit => ({ kind: '-', line }));
  const added = b.map((line): Edit => ({ kind: '+', line }));
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_TABLE_CELLS)
    return [...removed, ...added];
  // lengths[i][j]: LCS length of a[i..] and b[j..], one flat array.
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] =
        a[i] === b[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      edits.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      edits.push({ kind: '-', line: a[i++]! });
    } else {
      edits.push({ kind: '+', line: b[j++]! });
    }
  }
  while (i < a.length) edits.push({ kind: '-', line: a[i++]! });
  while (j < b.length) edits.push({ kind: '+', line: b[j++]! });
  return edits;
}

/** Groups edits into `@@ -a,b +c,d @@` hunks with CONTEXT_LINES of unchanged lines around. */
function hunks(edits: Edit[]): string[] {
  const changed = edits.flatMap((edit, index) => (edit.kind === ' ' ? [] : [index]));
  const output: string[] = [];
  let next = 0;
  while (next < changed.length) {
    const first = Math.max(changed[next]! - CONTEXT_LINES, 0);
    let last = changed[next]!;
    while (next < changed.length && changed[next]! - last <= 2 * CONTEXT_LINES)
      last = changed[next++]!;
    const end = Math.min(last + CONTEXT_LINES, edits.length - 1);
    const slice = edits.slice(first, end + 1);
    const before = edits.slice(0, first);
    const oldStart = before.filter((edit) => edit.kind !== '+').length;
    const newStart = before.filter((edit) => edit.kind !== '-').length;
    const oldCount = slice.filter((edit) => edit.kind !== '+').length;
    const newCount = slice.filter((edit) => edit.kind !== '-').length;
    output.push(
      `@@ -${oldCount ? oldStart + 1 : oldStart},${oldCount} +${newCount ? newStart + 1 : newStart},${newCount} @@`,
      ...slice.map((edit) => `${edit.kind}${edit.line}`),
    );
  }
  return output;
}
