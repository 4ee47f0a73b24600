import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { KubeConfigError, loadKubeConfig } from './load-kube-config.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-spec-'));

function kubeconfigFile(
  name: string,
  contexts: Array<{ name: string; server: string }>,
  current: string,
): string {
  const path = join(dir, name);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current}`,
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`]),
    'users:',
    ...contexts.flatMap((c) => [`- name: ${c.name}`, '  user:', `    token: token-${c.name}`]),
    'contexts:',
    ...contexts.flatMap((c) => [
      `- name: ${c.name}`,
      '  context:',
      `    cluster: ${c.name}`,
      `    user: ${c.name}`,
    ]),
  ].join('\n');
  writeFileSync(path, yaml);
  return path;
}

const base = { inCluster: false, defaultNamespace: 'default' };
const twoClusters = kubeconfigFile(
  'two.yaml',
  [
    { name: 'dev', server: 'https://dev.example:6443' },
    { name: 'prod', server: 'https://prod.example:6443' },
  ],
  'dev',
);

describe('loadKubeConfig', () => {
  it('loads an explicit kubeconfig path and its current context', () => {
    const sut = loadKubeConfig({ ...base, kubeconfigPath: twoClusters });
    expect(sut.getCurrentContext()).toBe('dev');
    expect(sut.getCurrentCluster()?.server).toBe('https://dev.example:6443');
  });

  it('selects another context by name', () => {
    const sut = loadKubeConfig({ ...base, kubeconfigPath: twoClusters, context: 'prod' });
    expect(sut.getCurrentContext()).toBe('prod');
    expect(sut.getCurrentCluster()?.server).toBe('https://prod.example:6443');
  });

  it('names the available contexts when the requested one does not exist', () => {
    expect(() =>
      loadKubeConfig({ ...base, kubeconfigPath: twoClusters, context: 'staging' }),
    ).toThrow(
      new KubeConfigError(
        'Context "staging" is not in the kubeconfig; available contexts: dev, prod',
      ),
    );
  });

  it('merges colon-separated kubeconfig files like kubectl', () => {
    const extra = kubeconfigFile(
      'extra.yaml',
      [{ name: 'edge', server: 'https://edge.example:6443' }],
      'edge',
    );
    const sut = loadKubeConfig({
      ...base,
      kubeconfigPath: `${twoClusters}:${extra}`,
      context: 'edge',
    });
    expect(sut.getContexts().map((context) => context.name)).toEqual(['dev', 'prod', 'edge']);
    expect(sut.getCurrentCluster()?.server).toBe('https://edge.example:6443');
  });

  it('says which file could not be read', () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'clusters: [this is: not valid');
    expect(() => loadKubeConfig({ ...base, kubeconfigPath: broken })).toThrow(
      expect.objectContaining({
        name: 'KubeConfigError',
        message: expect.stringContaining(`Cannot load Kubernetes credentials from ${broken}`),
      }),
    );
  });

  it('refuses a kubeconfig without any cluster', () => {
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    expect(() => loadKubeConfig({ ...base, kubeconfigPath: empty })).toThrow(
      /No Kubernetes cluster is configured/,
    );
  });

  it('refuses in-cluster mode outside a pod with a message that says what to do', () => {
    const saved = {
      host: process.env.KUBERNETES_SERVICE_HOST,
      port: process.env.KUBERNETES_SERVICE_PORT,
    };
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
    try {
      expect(() => loadKubeConfig({ ...base, inCluster: true })).toThrow(
        /not running in a pod; set K8S_IN_CLUSTER=false/,
      );
    } finally {
      if (saved.host) process.env.KUBERNETES_SERVICE_HOST = saved.host;
      if (saved.port) process.env.KUBERNETES_SERVICE_PORT = saved.port;
    }
  });

  it('refuses in-cluster mode without a service account token', () => {
    process.env.KUBERNETES_SERVICE_HOST = '10.96.0.1';
    process.env.KUBERNETES_SERVICE_PORT = '443';
    try {
      expect(() => loadKubeConfig({ ...base, inCluster: true })).toThrow(
        /serviceaccount\/token does not exist/,
      );
    } finally {
      delete process.env.KUBERNETES_SERVICE_HOST;
      delete process.env.KUBERNETES_SERVICE_PORT;
    }
  });
});
