import type { Violation } from './baseline-checks.js';
import { containersOf, type PodTemplate, type SecurityContextLike } from './pod-templates.js';

// https://kubernetes.io/docs/concepts/security/pod-security-standards/ (restricted, Kubernetes 1.34).
export const RESTRICTED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
const SECCOMP_CONFINED = new Set(['RuntimeDefault', 'Localhost']);

/** Violations of the restricted level on top of the baseline ones. */
export function restrictedViolations(template: PodTemplate): Violation[] {
  const { spec, specPath } = template;
  const found: Violation[] = [];
  const add = (path: string, problem: string) => found.push({ path, problem });

  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((volume, index) => {
    const types = Object.keys(volume ?? {}).filter((key) => key !== 'name');
    for (const type of types.filter((candidate) => !RESTRICTED_VOLUME_TYPES.has(candidate)))
      add(
        `${specPath}.volumes[${index}].${type}`,
        `volume type ${type} is not allowed (restricted allows ${[...RESTRICTED_VOLUME_TYPES].join(', ')})`,
      );
  });
  const pod = spec.securityContext ?? {};
  if (pod.runAsUser === 0)
    add(`${specPath}.securityContext.runAsUser`, 'containers may not run as user 0 (root)');
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp !== undefined && !SECCOMP_CONFINED.has(String(podSeccomp)))
    add(
      `${specPath}.securityContext.seccompProfile.type`,
      'seccomp must be RuntimeDefault or Localhost',
    );

  for (const { path, container } of containersOf(spec)) {
    restrictedContainerViolations(
      container.securityContext ?? {},
      pod,
      `${specPath}.${path}.securityContext`,
      add,
    );
  }
  return found;
}

/**
 * What the restricted level asks of every container's securityContext at `path`: no privilege
 * escalation, not root, a confined seccomp profile, every capability dropped. runAsNonRoot and
 * the seccomp profile may come from `pod`, the securityContext of the pod around it.
 */
export function restrictedContainerViolations(
  context: SecurityContextLike,
  pod: SecurityContextLike,
  path: string,
  add: (path: string, problem: string) => void,
): void {
  if (context.allowPrivilegeEscalation !== false)
    add(`${path}.allowPrivilegeEscalation`, 'must be set to false');
  if ((context.runAsNonRoot ?? pod.runAsNonRoot) !== true)
    add(
      `${path}.runAsNonRoot`,
      'must be true (here or in the pod securityContext) so the container cannot run as root',
    );
  if (context.runAsUser === 0) add(`${path}.runAsUser`, 'may not be 0 (root)');
  const seccomp = context.seccompProfile?.type ?? pod.seccompProfile?.type;
  if (!SECCOMP_CONFINED.has(String(seccomp)))
    add(
      `${path}.seccompProfile.type`,
      'must be RuntimeDefault or Localhost (here or in the pod securityContext)',
    );
  const drop = context.capabilities?.drop;
  if (!Array.isArray(drop) || !drop.includes('ALL'))
    add(`${path}.capabilities.drop`, 'must include ALL');
  const added = context.capabilities?.add;
  (Array.isArray(added) ? added : []).forEach((capability, index) => {
    if (capability !== 'NET_BIND_SERVICE')
      add(
        `${path}.capabilities.add[${index}]`,
        `capability ${String(capability)} is not allowed (restricted allows only NET_BIND_SERVICE)`,
      );
  });
}
