import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

import { AccessPolicy } from '#auth';
import { AppConfig } from '#config';

import { adminKubeconfigPath } from '../support/cluster.js';
import { CHART, find, helm, manifests, render, type Manifest } from './helm-tools.js';

type Container = {
  securityContext: Record<string, unknown>;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  startupProbe: { httpGet: { path: string } };
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  lifecycle?: unknown;
};
type PodSpec = {
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: {
    name: string;
    emptyDir?: unknown;
    secret?: { secretName: string };
    configMap?: { name: string };
  }[];
  terminationGracePeriodSeconds: number;
};
type Rule = {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
};

const podSpec = (all: Manifest[]) =>
  (find(all, 'Deployment') as unknown as { spec: { template: { spec: PodSpec } } }).spec.template
    .spec;
const rulesOf = (manifest: Manifest) => (manifest as unknown as { rules: Rule[] }).rules;
const configOf = (all: Manifest[]) =>
  (find(all, 'ConfigMap') as unknown as { data: Record<string, string> }).data;

describe('helm chart: rendered templates', () => {
  const minimal = manifests(render(['minimal-values.yaml']));

  it('runs the container hardened: non-root, read-only root, no escalation, no capabilities, RuntimeDefault seccomp', () => {
    const spec = podSpec(minimal);
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
  });

  it('probes the Terminus endpoints: live for liveness and startup, ready for readiness', () => {
    const [container] = podSpec(minimal).containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
  });

  it('drains on shutdown within the grace period', () => {
    const spec = podSpec(minimal);
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    const shutdownMs = Number(configOf(minimal).SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs + 5000).toBeLessThan(spec.terminationGracePeriodSeconds * 1000);
  });

  it('keeps JWT_SECRET in a Secret and runs in-cluster in production mode', () => {
    const [container] = podSpec(minimal).containers;
    expect(container.env).toContainEqual({
      name: 'JWT_SECRET',
      valueFrom: { secretKeyRef: { name: 'mcp-mcp-kubernetes-server', key: 'JWT_SECRET' } },
    });
    expect(configOf(minimal)).toMatchObject({
      NODE_ENV: 'production',
      K8S_IN_CLUSTER: 'true',
      AUTH_ENABLED: 'true',
    });
    expect(JSON.stringify(find(minimal, 'ConfigMap'))).not.toContain('ci-only-secret');
  });

  it('read-only preset: only get/list/watch, and no Secrets unless asked', () => {
    const rules = rulesOf(find(minimal, 'ClusterRole'));
    for (const rule of rules) expect(rule.verbs).toEqual(['get', 'list', 'watch']);
    expect(rules.flatMap((rule) => rule.resources ?? [])).not.toContain('secrets');
    expect(rules.flatMap((rule) => rule.resources ?? [])).toContain('pods/log');
    const withSecrets = manifests(render(['minimal-values.yaml'], ['rbac.readSecrets=true']));
    expect(rulesOf(find(withSecrets, 'ClusterRole')).flatMap((rule) => rule.resources)).toContain(
      'secrets',
    );
  });

  it('namespace-operator preset: writes only through Roles in the listed namespaces', () => {
    const all = manifests(
      render(['namespace-operator-values.yaml'], ['rbac.namespaces={team-a,team-b}']),
    );
    const roles = all.filter((m) => m.kind === 'Role');
    expect(roles.map((role) => role.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(rulesOf(roles[0])[0].verbs).toEqual(
      expect.arrayContaining(['create', 'patch', 'delete']),
    );
    expect(all.filter((m) => m.kind === 'RoleBinding')).toHaveLength(2);
    for (const rule of rulesOf(find(all, 'ClusterRole')))
      expect(rule.verbs).toEqual(['get', 'list', 'watch']);
  });

  it('namespace-operator preset: the install notes say to add Pod Security admission, and what is strongest', () => {
    const notes = (valuesFile: string) =>
      helm([
        'install',
        'mcp',
        CHART,
        '--dry-run=client',
        '--kubeconfig',
        adminKubeconfigPath(),
        '--namespace',
        'mcp-system',
        '-f',
        join(CHART, 'ci', valuesFile),
      ]);
    const operator = notes('namespace-operator-values.yaml');
    expect(operator).toContain('pod-security.kubernetes.io/enforce=baseline');
    expect(operator).toContain('The strongest setup is rbac.preset=impersonation-only');
    expect(notes('minimal-values.yaml')).not.toContain('pod-security.kubernetes.io/enforce');
  });

  it('policy roles: rendered as the policy file the server reads, mounted read-only and named by AUTH_POLICY_FILE', () => {
    const all = manifests(render(['namespace-operator-values.yaml']));
    const policy = find(all, 'ConfigMap', 'mcp-mcp-kubernetes-server-policy') as unknown as {
      data: Record<string, string>;
    };
    expect(configOf(all)['AUTH_POLICY_FILE']).toBe('/etc/mcp-kubernetes/policy/policy.yaml');
    const spec = podSpec(all);
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: 'policy',
      mountPath: '/etc/mcp-kubernetes/policy',
      readOnly: true,
    });
    expect(spec.volumes).toContainEqual({
      name: 'policy',
      configMap: { name: 'mcp-mcp-kubernetes-server-policy' },
    });
    // The server itself accepts the rendered file and gives the role its capabilities.
    const path = join(mkdtempSync(join(tmpdir(), 'chart-policy-')), 'policy.yaml');
    writeFileSync(path, policy.data['policy.yaml']!);
    const config = AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', AUTH_POLICY_FILE: path });
    const capabilities = new AccessPolicy(config).capabilitiesOf(['strict-deployer']);
    expect(capabilities).toMatchObject({
      podSecurity: 'restricted',
      confirmation: { alwaysAsk: ['kubectl_apply'] },
    });
    expect(manifests(render(['minimal-values.yaml'])).map((m) => m.metadata.name)).not.toContain(
      'mcp-mcp-kubernetes-server-policy',
    );
    expect(configOf(minimal)['AUTH_POLICY_FILE']).toBeUndefined();
  });

  it('cluster-admin preset: every verb on every resource', () => {
    const all = manifests(render(['cluster-admin-values.yaml']));
    expect(rulesOf(find(all, 'ClusterRole'))).toContainEqual({
      apiGroups: ['*'],
      resources: ['*'],
      verbs: ['*'],
    });
    expect(find(all, 'ClusterRoleBinding').metadata.name).toBe(
      'mcp-mcp-kubernetes-server-cluster-admin',
    );
  });

  it('impersonation-only preset: nothing but impersonate, and impersonation switched on', () => {
    const all = manifests(render(['impersonation-values.yaml']));
    const rules = rulesOf(find(all, 'ClusterRole'));
    for (const rule of rules) expect(rule.verbs).toEqual(['impersonate']);
    expect(rules[0].resources).toEqual(['users', 'groups', 'serviceaccounts']);
    expect(configOf(all).K8S_IMPERSONATE).toBe('true');
  });

  it('production scenario: TLS Ingress, Redis from the Secret, HPA instead of replicas, PDB, NetworkPolicy, ServiceMonitor', () => {
    const all = manifests(render(['production-values.yaml']));
    const ingress = find(all, 'Ingress') as unknown as {
      spec: { tls: unknown[]; ingressClassName: string };
    };
    expect(ingress.spec.tls).toEqual([
      { hosts: ['mcp.example.com'], secretName: 'mcp-example-com-tls' },
    ]);
    expect(podSpec(all).containers[0].env).toContainEqual({
      name: 'REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'mcp-mcp-kubernetes-server', key: 'REDIS_URL' } },
    });
    expect(
      (find(all, 'Deployment') as unknown as { spec: { replicas?: number } }).spec.replicas,
    ).toBeUndefined();
    expect(find(all, 'HorizontalPodAutoscaler')).toBeDefined();
    expect(find(all, 'PodDisruptionBudget')).toBeDefined();
    const policy = find(all, 'NetworkPolicy') as unknown as { spec: { policyTypes: string[] } };
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    const monitor = find(all, 'ServiceMonitor') as unknown as {
      spec: { endpoints: { port: string; path: string }[] };
    };
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
    expect(configOf(all)).toMatchObject({
      METRICS_PORT: '9464',
      OIDC_ISSUER_URL: 'https://login.example.com/realms/ops',
    });
  });

  it('existingSecret scenario: creates no Secret and reads JWT, users and Redis from the named ones', () => {
    const all = manifests(render(['existing-secret-values.yaml']));
    expect(all.filter((m) => m.kind === 'Secret')).toHaveLength(0);
    const spec = podSpec(all);
    expect(spec.containers[0].env).toEqual(
      expect.arrayContaining([
        {
          name: 'JWT_SECRET',
          valueFrom: { secretKeyRef: { name: 'mcp-credentials', key: 'JWT_SECRET' } },
        },
        { name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'mcp-redis', key: 'url' } } },
      ]),
    );
    expect(spec.volumes).toContainEqual(
      expect.objectContaining({
        name: 'users',
        secret: expect.objectContaining({ secretName: 'mcp-credentials' }),
      }),
    );
  });

  it('local users: the users file is a read-only Secret mount named by AUTH_USERS_FILE', () => {
    const all = manifests(render(['local-users-values.yaml']));
    const secret = find(all, 'Secret') as unknown as { stringData: Record<string, string> };
    expect(secret.stringData['users.yaml']).toContain('name: admin');
    expect(podSpec(all).containers[0].volumeMounts).toContainEqual({
      name: 'users',
      mountPath: '/etc/mcp-kubernetes/users',
      readOnly: true,
    });
    expect(configOf(all).AUTH_USERS_FILE).toBe('/etc/mcp-kubernetes/users/users.yaml');
  });

  it('config.logsFollowMaxSeconds: rendered as K8S_LOGS_FOLLOW_MAX_SECONDS, which the server reads; out-of-range values refused by the schema', () => {
    expect(configOf(minimal)['K8S_LOGS_FOLLOW_MAX_SECONDS']).toBe('300');
    const rendered = configOf(
      manifests(render(['minimal-values.yaml'], ['config.logsFollowMaxSeconds=900'])),
    )['K8S_LOGS_FOLLOW_MAX_SECONDS'];
    expect(rendered).toBe('900');
    const config = AppConfig.fromEnvironment({
      AUTH_ENABLED: 'false',
      K8S_LOGS_FOLLOW_MAX_SECONDS: rendered,
    });
    expect(config.kubernetes.logsFollowMaxSeconds).toBe(900);
    for (const wrong of ['0', '3601', 'forever'])
      expect(() =>
        render(['minimal-values.yaml'], [`config.logsFollowMaxSeconds=${wrong}`]),
      ).toThrow(/logsFollowMaxSeconds/);
  });

  it('config.extra may not repeat a variable the chart sets from its own values (the ConfigMap would be invalid)', () => {
    expect(() =>
      render(['minimal-values.yaml'], ['config.extra.K8S_LOGS_FOLLOW_MAX_SECONDS=600']),
    ).toThrow(
      'config.extra.K8S_LOGS_FOLLOW_MAX_SECONDS is set by the chart itself: remove it from config.extra; set it with the chart value config.logsFollowMaxSeconds',
    );
    // Every variable the chart sets names the value to use instead, and that value exists.
    const values = parseYaml(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as object;
    const fixedByChart = ['PORT', 'HOST', 'K8S_IN_CLUSTER', 'LOG_CONSOLE'];
    const everyValue = ['production-values.yaml', 'local-users-values.yaml'];
    const chartSet = Object.keys(configOf(manifests(render(everyValue))));
    expect(chartSet.length).toBeGreaterThan(30);
    for (const name of chartSet) {
      let message = '';
      try {
        render(everyValue, [`config.extra.${name}=x`]);
      } catch (error) {
        message = (error as Error).message;
      }
      const path = /set it with the chart value ([\w.]+)/.exec(message)?.[1];
      if (fixedByChart.includes(name)) {
        expect([name, message]).toEqual([name, expect.stringContaining('the chart fixes it')]);
      } else {
        const exists = path
          ?.split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], values);
        expect([name, path, exists !== undefined]).toEqual([name, expect.any(String), true]);
      }
    }
    const extra = configOf(
      manifests(render(['minimal-values.yaml'], ['config.extra.MCP_MAX_OUTPUT_CHARS=80000'])),
    );
    expect(extra['MCP_MAX_OUTPUT_CHARS']).toBe('80000');
  });

  it('documents every value with a "# --" comment', () => {
    const lines = readFileSync(join(CHART, 'values.yaml'), 'utf8').split('\n');
    const documented = (index: number) => {
      let previous = index - 1;
      while (previous >= 0 && /^\s*#(?! --)/.test(lines[previous])) previous--;
      return /^\s*# --/.test(lines[previous] ?? '');
    };
    const undocumented: string[] = [];
    // A top-level key documented as a whole (resources, securityContext...) covers its children.
    let parentDocumented = false;
    lines.forEach((line, index) => {
      const key = /^( {2})?([A-Za-z]\w*):/.exec(line);
      if (!key) return;
      const isTopLevel = key[1] === undefined;
      const groupsDocumentedValues = /:\s*$/.test(line) && /^\s*# --/.test(lines[index + 1] ?? '');
      if (isTopLevel) parentDocumented = documented(index);
      if (!isTopLevel && parentDocumented) return;
      if (!documented(index) && !groupsDocumentedValues) undocumented.push(line.trim());
    });
    expect(undocumented).toEqual([]);
  });
});
