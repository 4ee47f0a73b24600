import { groupResourceOf, type ApiResource } from './api-resource.js';

/**
 * Finds the resource type a user means, the way kubectl does: plural, singular, kind or short
 * name, optionally qualified by group (`deployments.apps`, `certificates.cert-manager.io`).
 * `types` is in the server's priority order, so the first match wins a tie (core `events`
 * before `events.events.k8s.io`).
 */
export function matchResource(types: ApiResource[], query: string): ApiResource | undefined {
  const wanted = query.trim().toLowerCase();
  const dot = wanted.indexOf('.');
  const candidates = [{ name: wanted, group: undefined as string | undefined }];
  if (dot > 0) candidates.unshift({ name: wanted.slice(0, dot), group: wanted.slice(dot + 1) });
  for (const { name, group } of candidates) {
    const inGroup = types.filter((type) => group === undefined || groupMatches(type, group));
    const tiers: ((type: ApiResource) => boolean)[] = [
      (type) => type.resource === name,
      (type) => type.singular === name,
      (type) => type.shortNames.includes(name),
      (type) => type.kind.toLowerCase() === name,
    ];
    for (const tier of tiers) {
      const found = inGroup.find(tier);
      if (found) return found;
    }
  }
  return undefined;
}

function groupMatches(type: ApiResource, group: string): boolean {
  // Accept both `deployments.apps` and `deployments.v1.apps`.
  return type.group === group || `${type.version}.${type.group}` === group;
}

// Resource names are short; a longer query is no typo of one, and comparing it would cost
// time proportional to its length for every type the cluster serves.
const MAX_SUGGESTION_QUERY = 64;

/** Up to three resource names close to what was asked, for "did you mean" messages. */
export function suggestResources(types: ApiResource[], query: string): string[] {
  const wanted = query.trim().toLowerCase();
  if (wanted.length > MAX_SUGGESTION_QUERY) return [];
  const scored = new Map<string, number>();
  for (const type of types) {
    const names = [type.resource, type.singular, type.kind.toLowerCase(), ...type.shortNames];
    const best = Math.min(...names.map((name) => distance(wanted, name)));
    const overlap = names.some(
      (name) => name.length > 2 && (name.includes(wanted) || wanted.includes(name)),
    );
    const score = overlap ? Math.min(best, 1) : best;
    const label = groupResourceOf(type);
    if (score <= Math.max(2, Math.floor(wanted.length / 3))) {
      scored.set(label, Math.min(score, scored.get(label) ?? Infinity));
    }
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([label]) => label);
}

/** Levenshtein edit distance. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
