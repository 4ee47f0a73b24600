/**
 * The parts of @kubernetes/client-node this server runs, imported from their own modules.
 *
 * The package's root re-exports its generated API: every typed API class and model, about
 * 16 MB of source that stays in the heap once loaded. The server speaks to the REST paths
 * itself (KubernetesHttpClient) and needs only the kubeconfig handling, the request context,
 * the fetch library, Watch and Exec, so it imports those modules directly. Together with the
 * start-up hook of apps/server (lean-kubernetes-client.ts), which keeps config.js from
 * pulling in the generated index, an idle server never loads the generated API.
 * Types may still come from the root: type imports cost nothing at run time.
 */
import type { Exec } from '@kubernetes/client-node/dist/exec.js';

export { KubeConfig } from '@kubernetes/client-node/dist/config.js';
export { HttpMethod, RequestContext } from '@kubernetes/client-node/dist/gen/http/http.js';
export { IsomorphicFetchHttpLibrary } from '@kubernetes/client-node/dist/gen/http/isomorphic-fetch.js';
export { Watch } from '@kubernetes/client-node/dist/watch.js';

/** Exec (and the WebSocket library under it) is loaded by the first kubectl_exec call. */
export async function loadExec(): Promise<typeof Exec> {
  return (await import('@kubernetes/client-node/dist/exec.js')).Exec;
}
