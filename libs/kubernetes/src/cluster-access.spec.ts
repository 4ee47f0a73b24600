import { AppConfig } from '#config';
import { ANONYMOUS_ADMIN, type Caller } from '#mcp';
import { KubeConfig } from '@kubernetes/client-node';

import { ClusterAccess } from './cluster-access.js';
import { KubernetesClientFactory } from './kubernetes-client.factory.js';
import { soleNamespace } from './namespace-access.js';

const limitedTo = (...namespaces: string[]): Caller => ({ ...ANONYMOUS_ADMIN, namespaces });

describe('the default namespace of a connection', () => {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [
      { name: 'main', cluster: 'c', user: 'u' },
      { name: 'other', cluster: 'c', user: 'u', namespace: 'other-default' },
    ],
    currentContext: 'main',
  });
  const config = AppConfig.fromEnvironment({
    AUTH_ENABLED: 'false',
    K8S_NAMESPACE: 'server-default',
  });
  const sut = new ClusterAccess(new KubernetesClientFactory(kubeConfig, config), config);

  it("is the caller's only namespace when it may use exactly one", () => {
    expect(sut.connect(undefined, limitedTo('team-a')).defaultNamespace).toBe('team-a');
    expect(sut.connect('other', limitedTo('team-a')).defaultNamespace).toBe('team-a');
  });

  it('stays the server default (or the context namespace) otherwise', () => {
    expect(sut.connect(undefined, ANONYMOUS_ADMIN).defaultNamespace).toBe('server-default');
    expect(sut.connect(undefined, limitedTo('team-a', 'team-b')).defaultNamespace).toBe(
      'server-default',
    );
    expect(sut.connect('other', ANONYMOUS_ADMIN).defaultNamespace).toBe('other-default');
    expect(sut.connect(undefined).defaultNamespace).toBe('server-default');
  });

  it('treats "*" and no namespaces as no single namespace', () => {
    expect(soleNamespace(limitedTo('*'))).toBeUndefined();
    expect(soleNamespace(limitedTo())).toBeUndefined();
    expect(soleNamespace(undefined)).toBeUndefined();
  });
});
