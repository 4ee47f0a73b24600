import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { V1PodSpec } from '@kubernetes/client-node';

/**
 * What the Pod Security tests of workload tools share: a pod spec only an admin may write (root
 * on the node for whoever runs it), the fields a baseline refusal names for it, and an MCP client
 * that accepts every confirmation, so a refusal is seen to come from the server.
 */
export const ROOT_SPEC: V1PodSpec = {
  hostPID: true,
  hostNetwork: true,
  containers: [
    {
      name: 'web',
      image: 'busybox',
      securityContext: { privileged: true },
      volumeMounts: [{ name: 'host', mountPath: '/host' }],
    },
  ],
  volumes: [{ name: 'host', hostPath: { path: '/' } }],
};

/** A smaller pod spec only an admin may write: two fields refused at the baseline level. */
export const HOST_PID_SPEC: V1PodSpec = {
  hostPID: true,
  containers: [{ name: 'web', image: 'busybox', securityContext: { privileged: true } }],
};

/** A pod spec every level accepts. */
export const PLAIN_SPEC: V1PodSpec = { containers: [{ name: 'web', image: 'nginx:1.27' }] };

export const ROOT_SPEC_FIELDS = [
  'spec.template.spec.hostNetwork',
  'spec.template.spec.hostPID',
  'spec.template.spec.volumes[0].hostPath',
  'spec.template.spec.containers[0].securityContext.privileged',
];

/** An SDK client that declares elicitation, accepts every question and records it in `asked`. */
export async function acceptingClient(
  serverUrl: string,
  token: string,
  asked: string[],
): Promise<Client> {
  const client = new Client(
    { name: 'e2e-pod-security', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } } },
  );
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(String(request.params.message));
    return { action: 'accept', content: { confirm: true } };
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${serverUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}
