import { AccessDeniedError, ANONYMOUS_ADMIN } from '#mcp';

import { assertResultsMeetPodSecurity } from './apply-result-pod-security.js';
import type { PlannedDocument } from './apply-plan.js';
import { serverApply } from './apply-writer.js';
import { BASELINE_CALLER, DEPLOYMENTS, fakeConnection } from './fake-cluster.testing.js';

const PATH = '/apis/apps/v1/namespaces/shop/deployments/web';

const stored = (resourceVersion: string, privileged: boolean, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', resourceVersion },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'web', securityContext: { privileged } }] } },
  },
});
const plan = (): PlannedDocument => ({
  document: 1,
  label: 'deployment.apps/web',
  object: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 3 },
  },
  type: DEPLOYMENTS,
  namespace: 'shop',
  path: PATH,
});

describe('assertResultsMeetPodSecurity', () => {
  const signal = new AbortController().signal;

  it('refuses a partial document whose merge with the live object breaks the level', async () => {
    const { connection, requests } = fakeConnection([stored('7', true), stored('7', true, 3)]);
    await expect(
      assertResultsMeetPodSecurity(connection, BASELINE_CALLER, [plan()], { signal }),
    ).rejects.toThrow(AccessDeniedError);
    // One GET and one dry-run PATCH; nothing written.
    expect(requests.map((r) => [r.method ?? 'GET', r.query?.['dryRun']])).toEqual([
      ['GET', undefined],
      ['PATCH', 'All'],
    ]);
  });

  it('lets the write through on the condition that the object is still the one checked', async () => {
    const planned = plan();
    const checking = fakeConnection([stored('7', false), stored('7', false, 3)]);
    await assertResultsMeetPodSecurity(checking.connection, BASELINE_CALLER, [planned], { signal });
    const writing = fakeConnection([stored('7', false), stored('8', false, 3)]);
    await serverApply(writing.connection, planned, { dryRun: false, signal });
    const write = writing.requests[1]!;
    expect([write.method, write.query?.['dryRun']]).toEqual(['PATCH', undefined]);
    expect((write.body as { metadata: object }).metadata).toEqual({
      name: 'web',
      namespace: 'shop',
      resourceVersion: '7',
    });
  });

  it('fails closed when the dry run fails: the document gets its error and is not written', async () => {
    const planned = plan();
    const tooManyRequests = Object.assign(new Error('the server is busy'), { statusCode: 429 });
    const { connection } = fakeConnection([stored('7', true), tooManyRequests]);
    await assertResultsMeetPodSecurity(connection, BASELINE_CALLER, [planned], { signal });
    expect(planned.error).toContain('the server is busy');
    expect(planned.expectedResourceVersion).toBeUndefined();
  });

  it('makes no dry run for a caller at the privileged level', async () => {
    const { connection, requests } = fakeConnection([]);
    await assertResultsMeetPodSecurity(connection, ANONYMOUS_ADMIN, [plan()], { signal });
    expect(requests).toEqual([]);
  });
});
