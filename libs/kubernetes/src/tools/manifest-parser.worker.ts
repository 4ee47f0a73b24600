// Parses YAML for manifest-parser.ts in a worker thread. Plain Node loads this file as it is
// (from source through type stripping, or compiled), so it imports packages only.
import { parentPort } from 'node:worker_threads';
import { isMap, isScalar, parseAllDocuments, type Document } from 'yaml';

// Far deeper than any Kubernetes object; deeper values only serve to overflow recursive code.
const MAX_DEPTH = 100;

export type ParsedYamlDocument = { value: unknown } | { error: string };

function nestsTooDeep(value: unknown): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= MAX_DEPTH) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/** The first key that appears twice in one mapping; linear, unlike the parser's own check. */
function duplicateKey(document: Document): string | undefined {
  const pending: unknown[] = [document.contents];
  while (pending.length) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) return String(key);
        seen.add(key);
        pending.push(pair.value);
      }
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
      pending.push(...node.items);
    }
  }
  return undefined;
}

const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep; no Kubernetes object is`;

/** The parser's first error, in the caller's terms. */
function describeParseError(message: string): string {
  // The parser recurses per level and reports the overflow as a syntax error at some column.
  if (/Maximum call stack size exceeded/.test(message)) return TOO_DEEP;
  return `not valid YAML/JSON: ${message.split('\n')[0]}`;
}

/** Each document as a plain value, or what is wrong with it. */
export function parseYaml(source: string): ParsedYamlDocument[] {
  return parseAllDocuments(source, { uniqueKeys: false }).map((document) => {
    if (document.errors.length) return { error: describeParseError(document.errors[0].message) };
    const duplicate = duplicateKey(document);
    if (duplicate !== undefined)
      return { error: `not valid YAML/JSON: the key "${duplicate}" appears twice in one mapping` };
    let value: unknown;
    try {
      value = document.toJS();
    } catch (error) {
      return { error: `not usable YAML/JSON: ${(error as Error).message}` };
    }
    if (nestsTooDeep(value)) return { error: TOO_DEEP };
    return { value };
  });
}

// Only inside a worker; imported on the main thread it just shares parseYaml.
parentPort?.on('message', (source: string) => parentPort?.postMessage(parseYaml(source)));
