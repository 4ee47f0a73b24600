import type { ApiResource } from './api/api-resource.js';
import { KubernetesApiError, ToolInputError } from './api/kubernetes-api.error.js';
import { describeKubernetesError } from './kubernetes-errors.js';
import { KubeConfigError } from './load-kube-config.js';

const deployments: ApiResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  verbs: [],
  categories: [],
};
const apiError = (code: number, status: Record<string, unknown>) =>
  new KubernetesApiError(code, status, 'GET', '/apis/apps/v1/namespaces/prod/deployments/web');

describe('describeKubernetesError', () => {
  it('names resource, object and namespace on 404', () => {
    const sut = describeKubernetesError(
      apiError(404, { reason: 'NotFound', message: 'deployments.apps "web" not found' }),
      { type: deployments, name: 'web', namespace: 'prod' },
    );
    expect(sut).toBe(
      'deployments.apps "web" not found in namespace "prod". List what exists with kubectl_get.',
    );
  });

  it('keeps the RBAC sentence on 403 and says what to do', () => {
    const message =
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "x"';
    expect(describeKubernetesError(apiError(403, { reason: 'Forbidden', message }))).toBe(
      `${message}. The cluster's RBAC does not allow this; ask a cluster administrator for access or use another context.`,
    );
  });

  it('adds field causes that the message lacks on 422', () => {
    const sut = describeKubernetesError(
      apiError(422, {
        reason: 'Invalid',
        message: 'Deployment.apps "web" is invalid',
        details: {
          causes: [
            {
              field: 'spec.replicas',
              message: 'Invalid value: -1: must be greater than or equal to 0',
            },
          ],
        },
      }),
    );
    expect(sut).toBe(
      'Deployment.apps "web" is invalid (spec.replicas: Invalid value: -1: must be greater than or equal to 0)',
    );
  });

  it('explains conflicts, with force for apply conflicts', () => {
    expect(
      describeKubernetesError(
        apiError(409, {
          reason: 'Conflict',
          message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas',
        }),
      ),
    ).toMatch(
      /re-read it and retry, or pass force=true to take ownership of the conflicting fields\.$/,
    );
    expect(
      describeKubernetesError(
        apiError(409, { reason: 'AlreadyExists', message: 'configmaps "a" already exists' }),
      ),
    ).toBe('configmaps "a" already exists. Use kubectl_apply to update it, or pick another name.');
  });

  it('passes tool and kubeconfig errors through and explains unreachable clusters', () => {
    expect(describeKubernetesError(new ToolInputError('bad input'))).toBe('bad input');
    expect(
      describeKubernetesError(new KubeConfigError('Context "x" is not in the kubeconfig')),
    ).toBe('Context "x" is not in the kubeconfig');
    expect(describeKubernetesError(new Error('connect ECONNREFUSED 127.0.0.1:6443'))).toMatch(
      /^Cannot reach the Kubernetes API \(connect ECONNREFUSED/,
    );
    expect(describeKubernetesError(apiError(401, {}))).toMatch(/rejected the server's credentials/);
  });
});
