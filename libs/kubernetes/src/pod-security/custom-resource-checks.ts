import type { KubernetesObject } from '../output/sanitize-object.js';
import {
  appArmorAnnotationViolations,
  containerContextViolations,
  isSet,
  securityContextViolations,
  sysctlViolations,
  type Violation,
} from './baseline-checks.js';
import type { SecurityContextLike } from './pod-templates.js';
import { RESTRICTED_VOLUME_TYPES, restrictedContainerViolations } from './restricted-checks.js';

// Enough to refuse and to fix; a hostile document does not get to build more.
const MAX_VIOLATIONS = 200;
// Paths name keys; a 10,000-character key is named by its start.
const MAX_KEY_IN_PATH = 64;

/** An object or list met in the walk, with the way back to the root (paths are built on demand). */
interface Visit {
  value: object;
  key: string;
  parent?: Visit;
}

type Record_ = Record<string, unknown>;
type Add = ((visit: Visit, field: string, problem: string) => void) & {
  /** For checks that name the whole path themselves. */
  at: (path: string, problem: string) => void;
};

function keyInPath(key: string): string {
  return key.length > MAX_KEY_IN_PATH ? `${key.slice(0, MAX_KEY_IN_PATH)}…` : key;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at; at = at.parent) keys.push(at.key);
  return keys
    .reverse()
    .reduce((path, key) => (key.startsWith('[') || !path ? `${path}${key}` : `${path}.${key}`), '');
}

const asRecord = (value: unknown): Record_ | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record_) : undefined;

/**
 * The Pod Security fields of a custom resource, wherever its kind keeps them. A controller may
 * run pods from any part of one (an Argo Workflow keeps `hostNetwork` and `volumes` in its spec
 * and one `container` per template, Tekton a list of `steps`, a Spark application a `driver`),
 * so every object in it is checked for the fields the levels refuse, by name: host namespaces,
 * `hostPath`, `hostPort`, `securityContext`, AppArmor annotations; at the restricted level also
 * volume types and, for every object with an `image` (a container), the hardening fields, taken
 * from the nearest enclosing `securityContext` where a pod spec would hold them. Metadata and
 * status are not searched. Iterative, each node visited once (YAML aliases share nodes), and
 * stopped after MAX_VIOLATIONS, so a hostile document costs time linear in its size.
 */
export function customResourceViolations(
  level: 'baseline' | 'restricted',
  object: KubernetesObject,
): Violation[] {
  const found: Violation[] = [];
  const at = (path: string, problem: string) => found.push({ path, problem });
  const add: Add = Object.assign(
    (visit: Visit, field: string, problem: string) => at(`${pathOf(visit)}.${field}`, problem),
    { at },
  );
  const seen = new Set<object>();
  const pending: Visit[] = [];
  const push = (value: unknown, key: string, parent?: Visit) => {
    if (value && typeof value === 'object') pending.push({ value, key, parent });
  };
  for (const [key, value] of Object.entries(object).reverse()) {
    if (key !== 'metadata' && key !== 'status') push(value, keyInPath(key));
  }
  while (pending.length > 0 && found.length < MAX_VIOLATIONS) {
    const visit = pending.pop()!;
    if (seen.has(visit.value)) continue;
    seen.add(visit.value);
    if (Array.isArray(visit.value)) {
      for (let index = visit.value.length - 1; index >= 0; index--)
        push(visit.value[index], `[${index}]`, visit);
      continue;
    }
    const record = visit.value as Record_;
    baselineFieldViolations(visit, record, add);
    if (level === 'restricted') restrictedFieldViolations(visit, record, add);
    for (const [key, child] of Object.entries(record).reverse()) push(child, keyInPath(key), visit);
  }
  return found.slice(0, MAX_VIOLATIONS);
}

function baselineFieldViolations(visit: Visit, record: Record_, add: Add): void {
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (isSet(record[field]))
      add(visit, field, 'host namespaces are not allowed; remove it or set it to false');
  }
  if (isSet(record['hostPath'])) add(visit, 'hostPath', 'hostPath volumes are not allowed');
  if (isSet(record['hostPort']) && record['hostPort'] !== 0)
    add(visit, 'hostPort', 'host ports are not allowed');
  const context = asRecord(record['securityContext']) as
    (SecurityContextLike & { sysctls?: unknown }) | undefined;
  if (context) {
    const path = `${pathOf(visit)}.securityContext`;
    containerContextViolations(context, path, add.at);
    sysctlViolations(context.sysctls, path, add.at);
    securityContextViolations(context, path, add.at);
  }
  const annotations = asRecord(record['annotations']);
  if (annotations) appArmorAnnotationViolations(annotations, pathOf(visit), add.at, keyInPath);
}

function restrictedFieldViolations(visit: Visit, record: Record_, add: Add): void {
  const volumes = record['volumes'];
  (Array.isArray(volumes) ? volumes : []).forEach((volume, index) => {
    for (const type of Object.keys(asRecord(volume) ?? {})) {
      if (type !== 'name' && !RESTRICTED_VOLUME_TYPES.has(type))
        add(
          visit,
          `volumes[${index}].${keyInPath(type)}`,
          `volume type ${type} is not allowed (restricted allows ${[...RESTRICTED_VOLUME_TYPES].join(', ')})`,
        );
    }
  });
  const context = (asRecord(record['securityContext']) ?? {}) as SecurityContextLike;
  if (context.runAsUser === 0)
    add(visit, 'securityContext.runAsUser', 'containers may not run as user 0 (root)');
  if (typeof record['image'] !== 'string') return;
  // A container: what it does not set itself, the nearest enclosing securityContext may.
  restrictedContainerViolations(
    context,
    enclosingContext(visit),
    `${pathOf(visit)}.securityContext`,
    add.at,
  );
}

/** The securityContext of the nearest object around a container that has one. */
function enclosingContext(visit: Visit): SecurityContextLike {
  for (let at = visit.parent; at; at = at.parent) {
    const context = asRecord(asRecord(at.value)?.['securityContext']);
    if (context) return context as SecurityContextLike;
  }
  return {};
}
