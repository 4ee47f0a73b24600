import { stringify } from 'yaml';

import { unifiedDiff } from './line-diff.js';
import { sanitizeObject, type KubernetesObject } from './sanitize-object.js';

export type DiffResult = 'created' | 'unchanged' | 'changed';

// Fields the server sets on every write; they would make every diff "changed".
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
];

/**
 * What applying would do to one object: `created`, `unchanged` or `changed`, and a unified
 * diff of the live object against the server's dry-run result. Status and server-maintained
 * metadata are left out. Secret values are masked unless `revealSecrets`; a masked value that
 * would change is marked as such, never shown.
 */
export function objectDiff(
  label: string,
  live: KubernetesObject | undefined,
  after: KubernetesObject,
  revealSecrets: boolean,
): { result: DiffResult; diff: string } {
  const before = live ? comparable(live) : undefined;
  const next = comparable(after);
  const result = !before ? 'created' : same(before, next) ? 'unchanged' : 'changed';
  if (!revealSecrets && next.kind === 'Secret') maskSecretPair(before, next);
  const text = (object: KubernetesObject | undefined) =>
    object ? stringify(sanitizeObject(object, true), { sortMapEntries: true }).trimEnd() : '';
  const diff = unifiedDiff(text(before), text(next), {
    old: before ? `${label} (live)` : '/dev/null',
    new: `${label} (after apply)`,
  });
  return { result, diff };
}

function comparable(object: KubernetesObject): KubernetesObject {
  const { status: _status, ...rest } = structuredClone(object);
  const metadata = { ...(rest.metadata ?? {}) } as Record<string, unknown>;
  for (const field of SERVER_METADATA) delete metadata[field];
  return { ...rest, metadata: metadata as KubernetesObject['metadata'] };
}

function same(a: KubernetesObject, b: KubernetesObject): boolean {
  return stringify(a, { sortMapEntries: true }) === stringify(b, { sortMapEntries: true });
}

/** Masks the values of both sides, marking keys whose value differs, so only "changed" shows. */
function maskSecretPair(before: KubernetesObject | undefined, after: KubernetesObject): void {
  const values = (object: KubernetesObject | undefined) =>
    (object?.['data'] ?? {}) as Record<string, string>;
  const old = values(before);
  const masked = (value: string) => `<redacted: ${Buffer.from(value, 'base64').length} bytes>`;
  for (const [key, value] of Object.entries(values(after))) {
    values(after)[key] =
      before && key in old && old[key] !== value ? `${masked(value)} (changed)` : masked(value);
  }
  for (const key of Object.keys(old)) old[key] = masked(old[key]!);
  // The API server folds stringData into data; mask it anyway should a server return it.
  for (const object of [before, after]) {
    const plain = object?.['stringData'] as Record<string, string> | undefined;
    for (const key of Object.keys(plain ?? {}))
      plain![key] = `<redacted: ${Buffer.byteLength(String(plain![key]))} bytes>`;
  }
}

const MAX_REMOVED_PATHS = 20;

/**
 * Field paths the live object has and the applied result no longer has (map keys and list
 * items; changed values do not count): what an apply would delete. At most MAX_REMOVED_PATHS.
 */
export function removedPaths(live: KubernetesObject, after: KubernetesObject): string[] {
  const found: string[] = [];
  const walk = (before: unknown, next: unknown, path: string): void => {
    if (found.length >= MAX_REMOVED_PATHS) return;
    if (Array.isArray(before)) {
      const items = Array.isArray(next) ? next : [];
      for (let index = items.length; index < before.length; index++)
        found.push(`${path}[${index}]`);
      items
        .slice(0, before.length)
        .forEach((item, index) => walk(before[index], item, `${path}[${index}]`));
      return;
    }
    if (!before || typeof before !== 'object') return;
    const map = (next && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<
      string,
      unknown
    >;
    for (const [key, value] of Object.entries(before)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in map)) found.push(child);
      else walk(value, map[key], child);
    }
  };
  walk(comparable(live), comparable(after), '');
  return found.slice(0, MAX_REMOVED_PATHS);
}
