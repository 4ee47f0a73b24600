import { containersOf, type PodTemplate, type SecurityContextLike } from './pod-templates.js';

/** One field that breaks a Pod Security Standards level. */
export interface Violation {
  /** Field path from the object's root, e.g. `spec.template.spec.hostPID`. */
  path: string;
  /** What is wrong and what is allowed. */
  problem: string;
}

// https://kubernetes.io/docs/concepts/security/pod-security-standards/ (baseline, Kubernetes 1.34).
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** Anything but unset or false counts as set, so odd values fail closed. */
export const isSet = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== false;

/** Every baseline violation of a pod template (empty when it meets the baseline level). */
export function baselineViolations(template: PodTemplate): Violation[] {
  const { spec, specPath } = template;
  const found: Violation[] = [];
  const add = (path: string, problem: string) => found.push({ path, problem });

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (isSet(spec[field]))
      add(`${specPath}.${field}`, 'host namespaces are not allowed; remove it or set it to false');
  }
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach((volume, index) => {
    if (volume && isSet(volume['hostPath']))
      add(`${specPath}.volumes[${index}].hostPath`, 'hostPath volumes are not allowed');
  });
  sysctlViolations(spec.securityContext?.sysctls, `${specPath}.securityContext`, add);
  securityContextViolations(spec.securityContext, `${specPath}.securityContext`, add);

  for (const { path, container } of containersOf(spec)) {
    const base = `${specPath}.${path}`;
    const context = container.securityContext;
    containerContextViolations(context, `${base}.securityContext`, add);
    (Array.isArray(container.ports) ? container.ports : []).forEach((port, index) => {
      if (isSet(port?.hostPort) && port.hostPort !== 0)
        add(`${base}.ports[${index}].hostPort`, 'host ports are not allowed');
    });
    securityContextViolations(context, `${base}.securityContext`, add);
  }

  appArmorAnnotationViolations(template.annotations, template.metadataPath, add);
  return found;
}

type Add = (path: string, problem: string) => void;

/** The baseline fields of a container's securityContext at `path`. */
export function containerContextViolations(
  context: SecurityContextLike | undefined,
  path: string,
  add: Add,
): void {
  if (isSet(context?.privileged))
    add(`${path}.privileged`, 'privileged containers are not allowed');
  if (context?.procMount !== undefined && context.procMount !== 'Default')
    add(`${path}.procMount`, 'only the Default /proc mount type is allowed');
  const added = context?.capabilities?.add;
  (Array.isArray(added) ? added : []).forEach((capability, index) => {
    if (!BASELINE_CAPABILITIES.has(String(capability)))
      add(
        `${path}.capabilities.add[${index}]`,
        `capability ${String(capability)} is not allowed (baseline allows ${[...BASELINE_CAPABILITIES].join(', ')})`,
      );
  });
}

/** The sysctls of a pod's securityContext at `path` that are not in the safe set. */
export function sysctlViolations(sysctls: unknown, path: string, add: Add): void {
  (Array.isArray(sysctls) ? sysctls : []).forEach((sysctl, index) => {
    const name = String((sysctl as { name?: unknown } | null)?.name);
    if (!SAFE_SYSCTLS.has(name))
      add(
        `${path}.sysctls[${index}].name`,
        `sysctl "${name}" is not in the safe set (${[...SAFE_SYSCTLS].join(', ')})`,
      );
  });
}

/** Unconfined AppArmor annotations of the pod metadata at `path`; `keyInPath` names a key. */
export function appArmorAnnotationViolations(
  annotations: Record<string, unknown>,
  path: string,
  add: Add,
  keyInPath = (key: string) => key,
): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
    if (value !== 'runtime/default' && !String(value).startsWith('localhost/'))
      add(
        `${path}.annotations["${keyInPath(key)}"]`,
        'AppArmor may not be unconfined (use runtime/default or localhost/<profile>)',
      );
  }
}

/** Checks shared by the pod-level and container-level security contexts. */
export function securityContextViolations(
  context: SecurityContextLike | undefined,
  path: string,
  add: Add,
): void {
  if (!context) return;
  if (isSet(context.windowsOptions?.hostProcess))
    add(`${path}.windowsOptions.hostProcess`, 'Windows HostProcess containers are not allowed');
  const seLinux = context.seLinuxOptions;
  if (seLinux?.type !== undefined && !SELINUX_TYPES.has(String(seLinux.type)))
    add(
      `${path}.seLinuxOptions.type`,
      `SELinux type "${String(seLinux.type)}" is not allowed (use container_t, container_init_t, container_kvm_t or container_engine_t)`,
    );
  for (const field of ['user', 'role'] as const) {
    if (seLinux?.[field] !== undefined && seLinux[field] !== '')
      add(`${path}.seLinuxOptions.${field}`, `a custom SELinux ${field} is not allowed`);
  }
  if (context.seccompProfile?.type === 'Unconfined')
    add(`${path}.seccompProfile.type`, 'seccomp may not be Unconfined');
  if (context.appArmorProfile?.type === 'Unconfined')
    add(`${path}.appArmorProfile.type`, 'AppArmor may not be Unconfined');
}
