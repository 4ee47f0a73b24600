import { join } from 'node:path';

import { adminKubeconfigPath, uniqueNamespace } from '../support/cluster.js';
import { CHART, SCENARIOS, helm, kubectl, manifests, render } from './helm-tools.js';

const SERVICE_MONITOR_CRD = 'servicemonitors.monitoring.coreos.com';

describe('helm chart against the local API server', () => {
  const namespace = uniqueNamespace('helm-chart');
  let createdCrd = false;

  beforeAll(() => {
    kubectl(['create', 'namespace', namespace]);
    // The production scenario has a ServiceMonitor; its CRD is the Prometheus Operator's.
    try {
      kubectl(['get', 'crd', SERVICE_MONITOR_CRD]);
    } catch {
      kubectl([
        'apply',
        '-f',
        join(process.cwd(), 'test', 'helm', 'fixtures', 'servicemonitor-crd.yaml'),
      ]);
      kubectl([
        'wait',
        '--for=condition=Established',
        `crd/${SERVICE_MONITOR_CRD}`,
        '--timeout=60s',
      ]);
      createdCrd = true;
    }
  });

  afterAll(() => {
    kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    if (createdCrd)
      kubectl(['delete', 'crd', SERVICE_MONITOR_CRD, '--wait=false', '--ignore-not-found']);
  });

  /** helm install of one ci/ scenario, waiting until its pods are ready. */
  const installScenario = (release: string, valuesFile: string): void => {
    helm([
      'install',
      release,
      CHART,
      '--namespace',
      namespace,
      '--kubeconfig',
      adminKubeconfigPath(),
      '-f',
      join(CHART, 'ci', valuesFile),
      '--wait',
      '--timeout',
      '120s',
    ]);
  };
  const uninstall = (release: string): void => {
    helm(['uninstall', release, '--namespace', namespace, '--kubeconfig', adminKubeconfigPath()]);
  };
  const releasePods = (release: string): unknown =>
    JSON.parse(
      kubectl([
        'get',
        'pods',
        '-n',
        namespace,
        '-l',
        `app.kubernetes.io/instance=${release}`,
        '-o',
        'json',
      ]),
    );

  it.each(SCENARIOS)(
    'the API server accepts every object of %s (kubectl apply --dry-run=server)',
    (scenario) => {
      const rendered = render([scenario], [], { namespace });
      const output = kubectl(['apply', '--dry-run=server', '-f', '-'], rendered);
      const accepted = output.trim().split('\n');
      expect(accepted).toHaveLength(manifests(rendered).length);
      for (const line of accepted)
        expect(line).toMatch(/ (created|configured|unchanged) \(server dry run\)$/);
    },
  );

  it('installs with helm and the pods reach Running (local users scenario)', () => {
    const release = namespace.slice(0, 40);
    try {
      installScenario(release, 'local-users-values.yaml');
      const pods = releasePods(release) as {
        items: { status: { phase: string }; spec: { serviceAccountName: string } }[];
      };
      expect(pods.items).toHaveLength(1);
      expect(pods.items[0].status.phase).toBe('Running');
      expect(pods.items[0].spec.serviceAccountName).toBe(`${release}-mcp-kubernetes-server`);
      const canList = kubectl([
        'auth',
        'can-i',
        'list',
        'deployments',
        '--all-namespaces',
        `--as=system:serviceaccount:${namespace}:${release}-mcp-kubernetes-server`,
      ]).trim();
      expect(canList).toBe('yes');
      const cannotDelete = (() => {
        try {
          return kubectl([
            'auth',
            'can-i',
            'delete',
            'pods',
            '-n',
            namespace,
            `--as=system:serviceaccount:${namespace}:${release}-mcp-kubernetes-server`,
          ]).trim();
        } catch (error) {
          return (error as Error).message.includes('\nno') ? 'no' : (error as Error).message;
        }
      })();
      expect(cannotDelete).toBe('no');
    } finally {
      uninstall(release);
    }
  });

  it('installs the production scenario (2 replicas, Ingress, HPA, PDB, NetworkPolicy, ServiceMonitor) and every pod runs', () => {
    const release = `prod-${namespace}`.slice(0, 40);
    try {
      installScenario(release, 'production-values.yaml');
      const pods = releasePods(release) as { items: { status: { phase: string } }[] };
      expect(pods.items.length).toBeGreaterThanOrEqual(1);
      for (const pod of pods.items) expect(pod.status.phase).toBe('Running');
      const kinds = kubectl([
        'get',
        'ingress,hpa,pdb,networkpolicy,servicemonitor',
        '-n',
        namespace,
        '-l',
        `app.kubernetes.io/instance=${release}`,
        '-o',
        'name',
      ]);
      expect(
        kinds
          .trim()
          .split('\n')
          .map((name) => name.split('/')[0])
          .sort(),
      ).toEqual([
        'horizontalpodautoscaler.autoscaling',
        'ingress.networking.k8s.io',
        'networkpolicy.networking.k8s.io',
        'poddisruptionbudget.policy',
        'servicemonitor.monitoring.coreos.com',
      ]);
    } finally {
      uninstall(release);
    }
  });
});
