import type { KubernetesObject } from '../output/sanitize-object.js';
import { describeViolations, podSecurityViolations } from './pod-security.js';

type Spec = Record<string, unknown>;
const pod = (spec: Spec, annotations?: Record<string, string>): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', ...(annotations ? { annotations } : {}) },
  spec,
});
const container = (extra: Spec = {}) => ({ name: 'app', image: 'nginx', ...extra });
const withContext = (securityContext: Spec) => ({ containers: [container({ securityContext })] });
const paths = (
  level: 'baseline' | 'restricted',
  object: KubernetesObject,
  group = '',
  kind = 'Pod',
) => podSecurityViolations(level, group, kind, object).map((violation) => violation.path);

/** A container that meets the restricted level. */
const RESTRICTED_CONTEXT = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
  capabilities: { drop: ['ALL'] },
};

describe('Pod Security Standards: baseline', () => {
  it('accepts an ordinary pod', () => {
    expect(
      paths('baseline', pod({ containers: [container({ ports: [{ containerPort: 80 }] })] })),
    ).toEqual([]);
  });

  it.each([
    [
      'privileged containers',
      withContext({ privileged: true }),
      'spec.containers[0].securityContext.privileged',
    ],
    ['hostPID', { hostPID: true, containers: [container()] }, 'spec.hostPID'],
    ['hostIPC', { hostIPC: true, containers: [container()] }, 'spec.hostIPC'],
    ['hostNetwork', { hostNetwork: true, containers: [container()] }, 'spec.hostNetwork'],
    [
      'hostPath volumes',
      { volumes: [{ name: 'root', hostPath: { path: '/' } }], containers: [container()] },
      'spec.volumes[0].hostPath',
    ],
    [
      'host ports',
      { containers: [container({ ports: [{ containerPort: 80, hostPort: 8080 }] })] },
      'spec.containers[0].ports[0].hostPort',
    ],
    [
      'capabilities beyond the baseline list',
      withContext({ capabilities: { add: ['CHOWN', 'SYS_ADMIN'] } }),
      'spec.containers[0].securityContext.capabilities.add[1]',
    ],
    [
      'an unmasked /proc',
      withContext({ procMount: 'Unmasked' }),
      'spec.containers[0].securityContext.procMount',
    ],
    [
      'a custom SELinux type',
      withContext({ seLinuxOptions: { type: 'spc_t' } }),
      'spec.containers[0].securityContext.seLinuxOptions.type',
    ],
    [
      'a custom SELinux user',
      { securityContext: { seLinuxOptions: { user: 'system_u' } }, containers: [container()] },
      'spec.securityContext.seLinuxOptions.user',
    ],
    [
      'a custom SELinux role',
      withContext({ seLinuxOptions: { role: 'sysadm_r' } }),
      'spec.containers[0].securityContext.seLinuxOptions.role',
    ],
    [
      'unsafe sysctls',
      {
        securityContext: {
          sysctls: [
            { name: 'net.ipv4.tcp_syncookies', value: '1' },
            { name: 'kernel.msgmax', value: '1' },
          ],
        },
        containers: [container()],
      },
      'spec.securityContext.sysctls[1].name',
    ],
    [
      'unconfined seccomp',
      { securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [container()] },
      'spec.securityContext.seccompProfile.type',
    ],
    [
      'unconfined AppArmor',
      withContext({ appArmorProfile: { type: 'Unconfined' } }),
      'spec.containers[0].securityContext.appArmorProfile.type',
    ],
    [
      'Windows HostProcess',
      { securityContext: { windowsOptions: { hostProcess: true } }, containers: [container()] },
      'spec.securityContext.windowsOptions.hostProcess',
    ],
    [
      'privileged init containers',
      {
        containers: [container()],
        initContainers: [container({ securityContext: { privileged: true } })],
      },
      'spec.initContainers[0].securityContext.privileged',
    ],
    [
      'privileged ephemeral containers',
      {
        containers: [container()],
        ephemeralContainers: [container({ securityContext: { privileged: true } })],
      },
      'spec.ephemeralContainers[0].securityContext.privileged',
    ],
  ])('refuses %s', (_what, spec, path) => {
    expect(paths('baseline', pod(spec as Spec))).toEqual([path]);
  });

  it('refuses an unconfined AppArmor annotation and accepts the confined ones', () => {
    const annotated = pod(
      { containers: [container()] },
      {
        'container.apparmor.security.beta.kubernetes.io/app': 'unconfined',
        'container.apparmor.security.beta.kubernetes.io/side': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/other': 'localhost/my-profile',
      },
    );
    expect(paths('baseline', annotated)).toEqual([
      'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
    ]);
  });

  it('accepts what the baseline allows: default capabilities, safe sysctls, container_t, hostPort 0, RuntimeDefault', () => {
    const allowed = pod({
      securityContext: {
        sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }],
        seccompProfile: { type: 'RuntimeDefault' },
      },
      volumes: [{ name: 'cache', emptyDir: {} }],
      containers: [
        container({
          ports: [{ containerPort: 80, hostPort: 0 }],
          securityContext: {
            privileged: false,
            capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] },
            seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' },
            procMount: 'Default',
            appArmorProfile: { type: 'RuntimeDefault' },
          },
        }),
      ],
    });
    expect(paths('baseline', allowed)).toEqual([]);
  });

  it('treats odd values as set, so a type trick fails closed', () => {
    expect(paths('baseline', pod({ hostPID: 'true', containers: [container()] }))).toEqual([
      'spec.hostPID',
    ]);
  });

  it('lists every violation of the pod from the issue, with paths under the pod template of each kind', () => {
    const rootPod = {
      hostPID: true,
      hostNetwork: true,
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
      containers: [container({ securityContext: { privileged: true } })],
    };
    const expected = (prefix: string) => [
      `${prefix}.hostNetwork`,
      `${prefix}.hostPID`,
      `${prefix}.volumes[0].hostPath`,
      `${prefix}.containers[0].securityContext.privileged`,
    ];
    expect(paths('baseline', pod(rootPod))).toEqual(expected('spec'));
    const template = { template: { metadata: {}, spec: rootPod } };
    for (const [group, kind] of [
      ['apps', 'Deployment'],
      ['apps', 'ReplicaSet'],
      ['apps', 'StatefulSet'],
      ['apps', 'DaemonSet'],
      ['batch', 'Job'],
      ['', 'ReplicationController'],
    ]) {
      expect(paths('baseline', { kind, spec: template }, group, kind)).toEqual(
        expected('spec.template.spec'),
      );
    }
    const cronJob = {
      kind: 'CronJob',
      spec: { schedule: '* * * * *', jobTemplate: { spec: template } },
    };
    expect(paths('baseline', cronJob, 'batch', 'CronJob')).toEqual(
      expected('spec.jobTemplate.spec.template.spec'),
    );
  });

  it('checks nothing at the privileged level, nor kinds without a pod template', () => {
    const rootPod = pod({
      hostPID: true,
      containers: [container({ securityContext: { privileged: true } })],
    });
    expect(podSecurityViolations('privileged', '', 'Pod', rootPod)).toEqual([]);
    expect(paths('baseline', rootPod, '', 'ConfigMap')).toEqual([]);
    expect(paths('baseline', rootPod, 'rbac.authorization.k8s.io', 'Role')).toEqual([]);
  });

  it('names the level and every field in the refusal', () => {
    const violations = podSecurityViolations(
      'baseline',
      '',
      'Pod',
      pod({ hostPID: true, hostIPC: true, containers: [] }),
    );
    expect(describeViolations('baseline', violations)).toBe(
      'Pod Security level "baseline" refuses these 2 fields: spec.hostPID (host namespaces are not allowed; remove it or set it to false); spec.hostIPC (host namespaces are not allowed; remove it or set it to false)',
    );
  });
});

describe('describeViolations', () => {
  it('names the first 20 fields and counts the rest', () => {
    const many = pod({
      containers: Array.from({ length: 5_000 }, () =>
        container({ securityContext: { privileged: true } }),
      ),
    });
    const text = describeViolations('baseline', podSecurityViolations('baseline', '', 'Pod', many));
    expect(text).toMatch(
      /^Pod Security level "baseline" refuses these 5000 fields: spec\.containers\[0\]/,
    );
    expect(text).toContain('spec.containers[19].securityContext.privileged');
    expect(text).not.toContain('spec.containers[20]');
    expect(text).toMatch(/; and 4980 more$/);
  });
});

describe('Pod Security Standards: pod specs inside custom resources', () => {
  const ROOT_SPEC = {
    hostPID: true,
    containers: [container({ securityContext: { privileged: true } })],
  };

  it('finds a pod template wherever the kind keeps it, with its metadata', () => {
    const rollout = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'r' },
      spec: {
        template: {
          metadata: {
            annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
          },
          spec: ROOT_SPEC,
        },
      },
    };
    expect(paths('baseline', rollout, 'argoproj.io', 'Rollout')).toEqual([
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
      'spec.template.spec.hostPID',
      'spec.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  it('finds every pod spec, in lists and at any depth, and a bare one without metadata', () => {
    const job = {
      spec: {
        jobTargetRef: { template: { spec: { containers: [container()], hostIPC: true } } },
        workers: [{ spec: { containers: [container()] } }, { replicas: 2, ...ROOT_SPEC }],
      },
    };
    expect(paths('baseline', job, 'keda.sh', 'ScaledJob')).toEqual([
      'spec.jobTargetRef.template.spec.hostIPC',
      'spec.workers[1].hostPID',
      'spec.workers[1].containers[0].securityContext.privileged',
    ]);
  });

  it('applies the restricted level to them too, and passes hardened ones', () => {
    const hardened = {
      spec: {
        template: { spec: { containers: [container({ securityContext: RESTRICTED_CONTEXT })] } },
      },
    };
    expect(paths('restricted', hardened, 'serving.knative.dev', 'Service')).toEqual([]);
    const plain = { spec: { template: { spec: { containers: [container()] } } } };
    expect(paths('restricted', plain, 'serving.knative.dev', 'Service')).toContain(
      'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    );
  });

  it('treats a kind named like a built-in workload in another group as a custom resource', () => {
    const lookalike = { spec: { template: { spec: ROOT_SPEC } } };
    expect(paths('baseline', lookalike, 'example.com', 'Deployment')).toEqual([
      'spec.template.spec.hostPID',
      'spec.template.spec.containers[0].securityContext.privileged',
    ]);
    expect(paths('baseline', lookalike, 'cluster.x-k8s.io', 'MachinePool')).toHaveLength(2);
  });

  it('does not search metadata or status, nor take a list of names for containers', () => {
    const object = {
      metadata: { annotations: {}, podSpec: ROOT_SPEC } as unknown as Record<string, unknown>,
      status: { template: { spec: ROOT_SPEC } },
      spec: { containers: ['web', 'db'], config: { containers: [] } },
    };
    expect(paths('baseline', object as KubernetesObject, 'example.com', 'Widget')).toEqual([]);
  });

  it('checks the fields wherever a kind keeps them, without a pod spec around them', () => {
    // An Argo Workflow: pod-level fields in its spec, one container per template.
    const workflow = {
      spec: {
        hostNetwork: true,
        volumes: [{ name: 'root', hostPath: { path: '/' } }],
        templates: [
          { name: 'main', container: { image: 'busybox', securityContext: { privileged: true } } },
        ],
      },
    };
    expect(paths('baseline', workflow, 'argoproj.io', 'Workflow')).toEqual([
      'spec.hostNetwork',
      'spec.volumes[0].hostPath',
      'spec.templates[0].container.securityContext.privileged',
    ]);
    // Tekton steps: containers in a list of another name, held to the restricted level.
    const task = {
      spec: {
        steps: [
          {
            name: 'build',
            image: 'golang',
            securityContext: { capabilities: { add: ['SYS_ADMIN'] } },
          },
        ],
      },
    };
    expect(paths('restricted', task, 'tekton.dev', 'Task')).toEqual([
      'spec.steps[0].securityContext.capabilities.add[0]',
      'spec.steps[0].securityContext.allowPrivilegeEscalation',
      'spec.steps[0].securityContext.runAsNonRoot',
      'spec.steps[0].securityContext.seccompProfile.type',
      'spec.steps[0].securityContext.capabilities.drop',
    ]);
  });

  it('takes what a container does not set from the nearest enclosing securityContext', () => {
    const application = {
      spec: {
        driver: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          sidecar: {
            image: 'envoy',
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          },
        },
      },
    };
    expect(
      paths('restricted', application, 'sparkoperator.k8s.io.example', 'SparkApplication'),
    ).toEqual([]);
  });

  it('names the AppArmor annotation of a template whose spec a YAML alias shares', () => {
    const shared = { containers: [container()] };
    const object = {
      spec: {
        template: {
          metadata: {
            annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
          },
          spec: shared,
        },
        z: shared,
      },
    };
    expect(paths('baseline', object, 'example.com', 'Widget')).toEqual([
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
    ]);
  });

  it('stays small and quick on long keys and many copies: keys cut in paths, at most 200 found', () => {
    let nested: Record<string, unknown> = {
      items: Array.from({ length: 2_000 }, () => ({
        containers: [{ securityContext: { privileged: true } }],
      })),
    };
    for (let level = 0; level < 50; level++) nested = { [`${level}${'k'.repeat(10_000)}`]: nested };
    const started = performance.now();
    const found = paths('baseline', { spec: nested }, 'example.com', 'Widget');
    const elapsed = performance.now() - started;
    expect(found).toHaveLength(200);
    expect(Math.max(...found.map((path) => path.length))).toBeLessThan(50 * 70 + 200);
    expect(found[0]).toMatch(/^spec\.49k{62}…\.48k{62}…/);
    // Linear work: milliseconds; building every full path made it seconds and gigabytes.
    expect(elapsed).toBeLessThan(2_000);
  });

  it('visits a node shared by YAML aliases once, and deep nesting without recursion', () => {
    const shared = { template: { spec: ROOT_SPEC } };
    const aliased = { spec: { a: shared, b: shared, c: [shared, shared] } };
    expect(paths('baseline', aliased, 'example.com', 'Widget')).toHaveLength(2);
    let deep: Record<string, unknown> = { template: { spec: ROOT_SPEC } };
    for (let i = 0; i < 20_000; i++) deep = { next: deep };
    expect(paths('baseline', { spec: deep }, 'example.com', 'Widget')).toHaveLength(2);
  });
});

describe('Pod Security Standards: restricted', () => {
  it('accepts a hardened pod', () => {
    const hardened = pod({
      volumes: [
        { name: 'config', configMap: { name: 'c' } },
        { name: 'data', persistentVolumeClaim: { claimName: 'd' } },
      ],
      containers: [
        container({
          securityContext: {
            ...RESTRICTED_CONTEXT,
            capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
          },
        }),
      ],
    });
    expect(paths('restricted', hardened)).toEqual([]);
  });

  it('accepts runAsNonRoot and seccomp from the pod securityContext', () => {
    const podLevel = pod({
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' },
      },
      containers: [
        container({
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        }),
      ],
    });
    expect(paths('restricted', podLevel)).toEqual([]);
  });

  it('refuses an ordinary pod for every missing hardening field', () => {
    expect(paths('restricted', pod({ containers: [container()] }))).toEqual([
      'spec.containers[0].securityContext.allowPrivilegeEscalation',
      'spec.containers[0].securityContext.runAsNonRoot',
      'spec.containers[0].securityContext.seccompProfile.type',
      'spec.containers[0].securityContext.capabilities.drop',
    ]);
  });

  it.each([
    [
      'volume types outside the list',
      {
        volumes: [{ name: 'n', nfs: { server: 's', path: '/' } }],
        containers: [container({ securityContext: RESTRICTED_CONTEXT })],
      },
      'spec.volumes[0].nfs',
    ],
    [
      'allowPrivilegeEscalation true',
      withContext({ ...RESTRICTED_CONTEXT, allowPrivilegeEscalation: true }),
      'spec.containers[0].securityContext.allowPrivilegeEscalation',
    ],
    [
      'runAsNonRoot false in the container over true in the pod',
      {
        securityContext: { runAsNonRoot: true },
        containers: [
          container({ securityContext: { ...RESTRICTED_CONTEXT, runAsNonRoot: false } }),
        ],
      },
      'spec.containers[0].securityContext.runAsNonRoot',
    ],
    [
      'runAsUser 0',
      withContext({ ...RESTRICTED_CONTEXT, runAsUser: 0 }),
      'spec.containers[0].securityContext.runAsUser',
    ],
    [
      'runAsUser 0 for the pod',
      {
        securityContext: { runAsUser: 0 },
        containers: [container({ securityContext: RESTRICTED_CONTEXT })],
      },
      'spec.securityContext.runAsUser',
    ],
    [
      'seccomp left out everywhere',
      withContext({ ...RESTRICTED_CONTEXT, seccompProfile: undefined }),
      'spec.containers[0].securityContext.seccompProfile.type',
    ],
    [
      'capabilities not dropped',
      withContext({ ...RESTRICTED_CONTEXT, capabilities: { drop: ['NET_RAW'] } }),
      'spec.containers[0].securityContext.capabilities.drop',
    ],
    [
      'added capabilities other than NET_BIND_SERVICE',
      withContext({ ...RESTRICTED_CONTEXT, capabilities: { drop: ['ALL'], add: ['CHOWN'] } }),
      'spec.containers[0].securityContext.capabilities.add[0]',
    ],
  ])('refuses %s', (_what, spec, path) => {
    expect(paths('restricted', pod(spec as Spec))).toEqual([path]);
  });

  it('includes the baseline checks', () => {
    expect(
      paths(
        'restricted',
        pod({
          hostNetwork: true,
          containers: [container({ securityContext: RESTRICTED_CONTEXT })],
        }),
      ),
    ).toEqual(['spec.hostNetwork']);
  });
});
