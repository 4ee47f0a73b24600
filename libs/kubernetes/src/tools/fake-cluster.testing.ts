import { ANONYMOUS_ADMIN, type Caller } from '#mcp';

import type { ApiResource } from '../api/api-resource.js';
import type { KubernetesRequest } from '../api/kubernetes-http.client.js';
import type { ClusterConnection } from '../cluster-access.js';

/** For unit tests of code that talks to the API server through a ClusterConnection. */

export const DEPLOYMENTS: ApiResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  verbs: ['get', 'patch'],
  categories: [],
};

/** A caller held to the baseline Pod Security level, as an operator is. */
export const BASELINE_CALLER: Caller = {
  ...ANONYMOUS_ADMIN,
  capabilities: { ...ANONYMOUS_ADMIN.capabilities, podSecurity: 'baseline' },
};

/** A connection whose API answers each request with the next answer in line (an Error is thrown). */
export function fakeConnection(answers: (object | Error)[]) {
  const requests: KubernetesRequest[] = [];
  const json = async (request: KubernetesRequest) => {
    requests.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error(`unexpected ${request.method ?? 'GET'} ${request.path}`);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { connection: { http: { json } } as unknown as ClusterConnection, requests };
}
