import { AccessDeniedError } from '#mcp';

import { KubernetesApiError } from '../api/kubernetes-api.error.js';
import { scaleWorkload } from './workload-scale.js';
import { BASELINE_CALLER, DEPLOYMENTS, fakeConnection } from './fake-cluster.testing.js';

const PATH = '/apis/apps/v1/namespaces/shop/deployments/web';

const workload = (resourceVersion: string, privileged: boolean) => ({
  metadata: { name: 'web', resourceVersion },
  spec: {
    replicas: 1,
    template: { spec: { containers: [{ name: 'web', securityContext: { privileged } }] } },
  },
});
const conflict = () =>
  new KubernetesApiError(409, { reason: 'Conflict' }, 'PATCH', `${PATH}/scale`);

describe('scaleWorkload', () => {
  const signal = new AbortController().signal;
  const request = { type: DEPLOYMENTS, namespace: 'shop', name: 'web', replicas: 3 };

  it('writes a checked scale-up on the condition that the workload is still as checked', async () => {
    const { connection, requests } = fakeConnection([workload('7', false), {}]);
    await expect(scaleWorkload(connection, BASELINE_CALLER, request, signal)).resolves.toBe(1);
    expect(requests.map((r) => [r.method ?? 'GET', r.path, r.body])).toEqual([
      ['GET', PATH, undefined],
      ['PATCH', `${PATH}/scale`, { metadata: { resourceVersion: '7' }, spec: { replicas: 3 } }],
    ]);
  });

  it('checks again when the workload changed in between, and refuses a template made privileged', async () => {
    const { connection, requests } = fakeConnection([
      workload('7', false),
      conflict(),
      workload('8', true),
    ]);
    const refusal = scaleWorkload(connection, BASELINE_CALLER, request, signal);
    await expect(refusal).rejects.toThrow(AccessDeniedError);
    await expect(refusal).rejects.toThrow(
      'deployment.apps/web was not scaled from 1 to 3 replicas',
    );
    expect(requests).toHaveLength(3);
  });

  it('scales down without a condition, since fewer pods are never refused', async () => {
    const { connection, requests } = fakeConnection([workload('7', true), {}]);
    const down = { ...request, replicas: 0 };
    await expect(scaleWorkload(connection, BASELINE_CALLER, down, signal)).resolves.toBe(1);
    expect(requests[1]!.body).toEqual({ spec: { replicas: 0 } });
  });

  it("gives up after five conflicts in a row with the API server's answer", async () => {
    const answers = Array.from({ length: 5 }, () => [workload('7', false), conflict()]).flat();
    const { connection, requests } = fakeConnection(answers);
    await expect(
      scaleWorkload(connection, BASELINE_CALLER, request, signal),
    ).rejects.toBeInstanceOf(KubernetesApiError);
    expect(requests).toHaveLength(10);
  });
});
