import type { KubeConfig, RequestContext } from '@kubernetes/client-node';
import type https from 'node:https';
import type { Dispatcher } from 'undici';

import type { KubernetesConnectionPool } from './api/kubernetes-connection-pool.js';
import { PooledKubeConfig } from './pooled-kube-config.js';

export interface ImpersonatedIdentity {
  user: string;
  groups: string[];
}

const IMPERSONATE_HEADER = /^impersonate-/i;

/**
 * A KubeConfig that authenticates with the server's own credentials and asks the API server
 * to act as the end user (Impersonate-User, one Impersonate-Group header per group), so the
 * cluster's RBAC decides and its audit log names the person. The server's credentials need
 * only the "impersonate" verb on users and groups.
 */
export class ImpersonatingKubeConfig extends PooledKubeConfig {
  constructor(
    base: KubeConfig,
    readonly identity: ImpersonatedIdentity,
    pool: KubernetesConnectionPool,
  ) {
    // Same cluster and credentials as the base, so the same kept-alive connections.
    super(base, pool);
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setHeaderParam('Impersonate-User', this.identity.user);
    if (this.identity.groups.length === 0) return;
    // fetch (and undici over HTTP/2) join repeated headers into one "a, b" value, which the
    // API server would read as a single group; the dispatcher below sends one line per group.
    context.setHeaderParam('Impersonate-Group', this.identity.groups.join(','));
    const dispatcher = context.getDispatcher();
    if (!dispatcher)
      throw new Error('Cannot impersonate groups: the Kubernetes client gave no HTTP dispatcher');
    context.setDispatcher(dispatcher.compose(oneHeaderPerGroup(this.identity.groups)));
  }

  override async applyToHTTPSOptions(opts: https.RequestOptions | object): Promise<void> {
    await super.applyToHTTPSOptions(opts as https.RequestOptions);
    const options = opts as https.RequestOptions;
    const headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(([name]) => !IMPERSONATE_HEADER.test(name)),
    );
    headers['Impersonate-User'] = this.identity.user;
    if (this.identity.groups.length) headers['Impersonate-Group'] = [...this.identity.groups];
    options.headers = headers;
  }
}

type Dispatch = Parameters<Parameters<Dispatcher['compose']>[0]>[0];

/** An undici interceptor that sends Impersonate-Group once per group. */
function oneHeaderPerGroup(groups: string[]) {
  return (dispatch: Dispatch): Dispatch =>
    (options, handler) => {
      const headers = options.headers as Record<string, string | string[]> | undefined;
      if (headers && !Array.isArray(headers)) {
        const rewritten: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(headers)) {
          rewritten[name] = name.toLowerCase() === 'impersonate-group' ? [...groups] : value;
        }
        // HTTP/2 would join the values into one field again, so these requests use HTTP/1.1.
        return dispatch(
          { ...options, headers: rewritten, allowH2: false } as typeof options,
          handler,
        );
      }
      return dispatch(options, handler);
    };
}
