import type { Caller, PodSecurityLevel } from '#mcp';

import type { KubernetesObject } from '../output/sanitize-object.js';
import { baselineViolations, type Violation } from './baseline-checks.js';
import { customResourceViolations } from './custom-resource-checks.js';
import { isBuiltInGroup, podTemplateOf } from './pod-templates.js';
import { restrictedViolations } from './restricted-checks.js';

/**
 * Every field of an object that breaks the given Pod Security Standards level (`privileged`:
 * none; `restricted` includes `baseline`): the pod template of a Pod, workload or CronJob, the
 * fields of a custom resource wherever they are, nothing of other built-in kinds. Duplicates (a
 * capability refused by both levels) are reported once.
 */
export function podSecurityViolations(
  level: PodSecurityLevel,
  group: string,
  kind: string,
  object: KubernetesObject,
): Violation[] {
  if (level === 'privileged') return [];
  const template = podTemplateOf(group, kind, object);
  const found = template
    ? [
        ...baselineViolations(template),
        ...(level === 'restricted' ? restrictedViolations(template) : []),
      ]
    : isBuiltInGroup(group)
      ? []
      : customResourceViolations(level, object);
  const seen = new Set<string>();
  return found.filter((violation) => !seen.has(violation.path) && seen.add(violation.path));
}

// Enough to fix a template; a manifest of 20,000 privileged containers does not get them all back.
const MAX_LISTED_VIOLATIONS = 20;

/** One refusal line: the level and the offending fields, the first MAX_LISTED_VIOLATIONS named. */
export function describeViolations(level: PodSecurityLevel, violations: Violation[]): string {
  const listed = violations
    .slice(0, MAX_LISTED_VIOLATIONS)
    .map((violation) => `${violation.path} (${violation.problem})`);
  const more = violations.length - listed.length;
  if (more > 0) listed.push(`and ${more} more`);
  return `Pod Security level "${level}" refuses ${violations.length === 1 ? 'this field' : `these ${violations.length} fields`}: ${listed.join('; ')}`;
}

/**
 * Why the caller may not write this object's pod template (apply, rollout undo), or undefined
 * when it meets the caller's level.
 */
export function podSecurityRefusal(
  caller: Caller,
  group: string,
  kind: string,
  object: KubernetesObject,
): string | undefined {
  const level = caller.capabilities.podSecurity;
  const violations = podSecurityViolations(level, group, kind, object);
  return violations.length ? describeViolations(level, violations) : undefined;
}
