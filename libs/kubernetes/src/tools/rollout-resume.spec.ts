import { AccessDeniedError } from '#mcp';

import { KubernetesApiError } from '../api/kubernetes-api.error.js';
import type { ClusterConnection } from '../cluster-access.js';
import { resumeDeployment, type PausableDeployment } from './rollout-resume.js';
import { BASELINE_CALLER, DEPLOYMENTS, fakeConnection } from './fake-cluster.testing.js';

const PATH = '/apis/apps/v1/namespaces/shop/deployments/web';
const LABEL = 'deployment.apps/web';

const deployment = (resourceVersion: string, privileged: boolean, paused = true) => ({
  metadata: { name: 'web', resourceVersion },
  spec: {
    paused,
    template: { spec: { containers: [{ name: 'web', securityContext: { privileged } }] } },
  },
});
const conflict = () => new KubernetesApiError(409, { reason: 'Conflict' }, 'PATCH', PATH);

describe('resumeDeployment', () => {
  const signal = new AbortController().signal;
  const resume = (connection: ClusterConnection, first: PausableDeployment) =>
    resumeDeployment(connection, BASELINE_CALLER, DEPLOYMENTS, LABEL, PATH, first, signal);

  it('resumes a checked Deployment on the condition that it is still as checked', async () => {
    const { connection, requests } = fakeConnection([{}]);
    await expect(resume(connection, deployment('7', false))).resolves.toBe(true);
    expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['PATCH', PATH, { metadata: { resourceVersion: '7' }, spec: { paused: false } }],
    ]);
  });

  it('refuses a paused template that breaks the level without writing', async () => {
    const { connection, requests } = fakeConnection([]);
    const refusal = resume(connection, deployment('7', true));
    await expect(refusal).rejects.toThrow(AccessDeniedError);
    await expect(refusal).rejects.toThrow(
      `${LABEL} was not resumed, since resuming rolls out its current template: Pod Security level "baseline" refuses this field: spec.template.spec.containers[0].securityContext.privileged`,
    );
    expect(requests).toEqual([]);
  });

  it('checks again when the Deployment changed in between, and refuses a template made privileged', async () => {
    const { connection, requests } = fakeConnection([conflict(), deployment('8', true)]);
    await expect(resume(connection, deployment('7', false))).rejects.toThrow(AccessDeniedError);
    expect(requests.map((r) => r.method ?? 'GET')).toEqual(['PATCH', 'GET']);
  });

  it('writes nothing and checks nothing when the Deployment is not paused', async () => {
    const { connection, requests } = fakeConnection([]);
    await expect(resume(connection, deployment('7', true, false))).resolves.toBe(false);
    expect(requests).toEqual([]);
  });

  it("gives up after five conflicts in a row with the API server's answer", async () => {
    const answers = [
      conflict(),
      ...Array.from({ length: 4 }, () => [deployment('7', false), conflict()]).flat(),
    ];
    const { connection, requests } = fakeConnection(answers);
    await expect(resume(connection, deployment('7', false))).rejects.toBeInstanceOf(
      KubernetesApiError,
    );
    expect(requests).toHaveLength(9);
  });
});
