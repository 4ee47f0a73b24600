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
