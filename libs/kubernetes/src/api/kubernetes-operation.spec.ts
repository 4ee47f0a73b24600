import { kubernetesOperation as sut } from './kubernetes-operation.js';

describe('kubernetesOperation', () => {
  it('names reads by verb and resource, never by namespace or object name', () => {
    expect(sut('GET', '/api/v1/namespaces/team-a/pods')).toBe('list pods');
    expect(sut('GET', '/api/v1/namespaces/team-a/pods/web-1')).toBe('get pods');
    expect(sut('GET', '/api/v1/namespaces/team-a/pods/web-1/log', { follow: false })).toBe(
      'get pods/log',
    );
    expect(sut('GET', '/apis/apps/v1/deployments')).toBe('list deployments');
    expect(sut('GET', '/api/v1/pods', { watch: true })).toBe('watch pods');
    expect(sut('GET', '/api/v1/watch/namespaces/team-a/events')).toBe('watch events');
  });

  it('maps write methods to Kubernetes verbs', () => {
    expect(sut('POST', '/apis/apps/v1/namespaces/ns/deployments')).toBe('create deployments');
    expect(sut('PUT', '/apis/apps/v1/namespaces/ns/deployments/web')).toBe('update deployments');
    expect(sut('PATCH', '/apis/apps/v1/namespaces/ns/deployments/web/scale')).toBe(
      'patch deployments/scale',
    );
    expect(sut('DELETE', '/api/v1/namespaces/ns/pods/web-1')).toBe('delete pods');
    expect(sut('DELETE', '/api/v1/namespaces/ns/pods')).toBe('deletecollection pods');
  });

  it('tells namespace objects and their subresources from namespaced resources', () => {
    expect(sut('GET', '/api/v1/namespaces')).toBe('list namespaces');
    expect(sut('GET', '/api/v1/namespaces/team-a')).toBe('get namespaces');
    expect(sut('PUT', '/api/v1/namespaces/team-a/finalize')).toBe('update namespaces/finalize');
    expect(sut('GET', '/api/v1/namespaces/team-a/services/web/proxy/some/path')).toBe(
      'get services/proxy',
    );
  });

  it('groups discovery and non-resource paths under a few fixed names', () => {
    expect(sut('GET', '/api')).toBe('discovery');
    expect(sut('GET', '/apis/metrics.k8s.io/v1beta1')).toBe('discovery');
    expect(sut('GET', '/version')).toBe('get /version');
    expect(sut('GET', '/openapi/v3/apis/apps/v1?hash=abc')).toBe('get /openapi');
  });

  it('never lets an odd path segment become a label value', () => {
    expect(sut('GET', '/api/v1/namespaces/x/Pods%2Fsecret')).toBe('other');
    expect(sut('GET', '/%7Bname%7D/123')).toBe('get /other');
    expect(sut('GET', '')).toBe('get /other');
  });
});
