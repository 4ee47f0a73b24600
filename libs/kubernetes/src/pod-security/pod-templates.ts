import type { KubernetesObject } from '../output/sanitize-object.js';

/** The parts of a pod spec the Pod Security Standards look at (everything optional). */
export interface PodSpecLike {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContextLike & {
    sysctls?: { name?: string }[];
    runAsNonRoot?: boolean;
  };
  volumes?: ({ name?: string } & Record<string, unknown>)[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  ephemeralContainers?: ContainerLike[];
}

export interface SecurityContextLike {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  procMount?: string;
  capabilities?: { add?: string[]; drop?: string[] };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  windowsOptions?: { hostProcess?: boolean };
}

export interface ContainerLike {
  name?: string;
  ports?: { hostPort?: number }[];
  securityContext?: SecurityContextLike;
}

/** A pod template inside an object, with the field paths its checks report. */
export interface PodTemplate {
  /** Path of the pod spec, e.g. `spec.template.spec` (`spec` for a Pod). */
  specPath: string;
  spec: PodSpecLike;
  /** Path of the pod metadata, for the AppArmor annotations. */
  metadataPath: string;
  annotations: Record<string, string>;
}

// Where each built-in kind keeps its pod template, keyed by `group/Kind`.
const TEMPLATE_PATHS: Record<string, string[]> = {
  '/Pod': [],
  '/ReplicationController': ['spec', 'template'],
  'apps/Deployment': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * Built-in API groups: named without a dot, or under k8s.io (but not x-k8s.io, where add-ons
 * such as Cluster API define their own kinds). Their kinds are known; other groups are custom.
 */
export function isBuiltInGroup(group: string): boolean {
  return !group.includes('.') || (group.endsWith('.k8s.io') && !group.endsWith('.x-k8s.io'));
}

/** True for Pod and the built-in workloads, whose pod template is at a known path. */
export function isBuiltInWorkload(group: string, kind: string): boolean {
  return `${group}/${kind}` in TEMPLATE_PATHS;
}

/**
 * True for the kinds that may make pods from a template they carry: the built-in workloads, and
 * every custom resource, since any controller may run pods from a pod spec inside one (Argo
 * Rollouts, KEDA ScaledJobs, Knative Services, operators of all kinds).
 */
export function mayCarryPodTemplate(group: string, kind: string): boolean {
  return isBuiltInWorkload(group, kind) || !isBuiltInGroup(group);
}

/** The pod template of a Pod, workload or CronJob; undefined for every other kind. */
export function podTemplateOf(
  group: string,
  kind: string,
  object: KubernetesObject,
): PodTemplate | undefined {
  const path = TEMPLATE_PATHS[`${group}/${kind}`];
  return path ? templateAt(object, path) : undefined;
}

function templateAt(object: KubernetesObject, path: string[]): PodTemplate {
  let template: unknown = object;
  for (const key of path) template = (template as Record<string, unknown> | undefined)?.[key];
  const holder = (template ?? {}) as {
    metadata?: { annotations?: Record<string, string> };
    spec?: PodSpecLike;
  };
  const prefix = path.length ? `${path.join('.')}.` : '';
  return {
    specPath: `${prefix}spec`,
    spec: asObject(holder.spec) as PodSpecLike,
    metadataPath: `${prefix}metadata`,
    annotations: asObject(holder.metadata?.annotations) as Record<string, string>,
  };
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Every container of a pod spec with the path of its list, e.g. `containers[0]`. */
export function containersOf(spec: PodSpecLike): { path: string; container: ContainerLike }[] {
  return CONTAINER_LISTS.flatMap((list) =>
    (Array.isArray(spec[list]) ? spec[list] : []).map((container, index) => ({
      path: `${list}[${index}]`,
      container: asObject(container) as ContainerLike,
    })),
  );
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
