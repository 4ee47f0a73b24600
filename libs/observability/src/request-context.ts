import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** Set by the auth layer once the caller is known. */
  user?: string;
  /** Client address (after TRUST_PROXY), set by the auth layer for the audit log. */
  sourceIp?: string;
  /** Id of the per-user API token that authenticated the request, for the audit log. */
  apiToken?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs fn with a request context that every log line written inside it will carry. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
