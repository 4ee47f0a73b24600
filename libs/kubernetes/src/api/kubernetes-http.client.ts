import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  type KubeConfig,
} from '@kubernetes/client-node';

import { KubernetesApiError, type KubernetesStatus } from './kubernetes-api.error.js';

export type QueryValue = string | number | boolean | undefined;

export interface KubernetesRequest {
  method?: keyof typeof HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  accept?: string;
  contentType?: string;
  body?: unknown;
  signal?: AbortSignal;
}

export interface KubernetesResponse {
  statusCode: number;
  headers: Record<string, string>;
  text: string;
}

const httpLibrary = new IsomorphicFetchHttpLibrary();

/** The field manager of every write, so the cluster's managedFields name this server. */
export const FIELD_MANAGER = 'mcp-kubernetes-server';
const WRITES = new Set(['PATCH', 'POST', 'PUT']);

/**
 * Raw REST access to one cluster with the kubeconfig's credentials. The typed clients of
 * client-node re-serialise bodies through their models (dropping unknown fields) and cannot
 * ask for the server-side Table format, so the tools speak to the API paths directly.
 */
export class KubernetesHttpClient {
  constructor(private readonly kubeConfig: KubeConfig) {}

  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    return cluster.server.replace(/\/+$/, '');
  }

  async send(request: KubernetesRequest): Promise<KubernetesResponse> {
    const method = request.method ?? 'GET';
    const context = new RequestContext(`${this.server}${request.path}`, HttpMethod[method]);
    const query = WRITES.has(method)
      ? { fieldManager: FIELD_MANAGER, ...request.query }
      : request.query;
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    context.setHeaderParam('Accept', request.accept ?? 'application/json');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(
        typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
      );
    }
    if (request.signal) context.setSignal(request.signal);
    await this.kubeConfig.applySecurityAuthentication(context);
    const response = await httpLibrary.send(context).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new KubernetesApiError(
        response.httpStatusCode,
        parseStatus(text),
        method,
        request.path,
      );
    }
    return { statusCode: response.httpStatusCode, headers: response.headers, text };
  }

  async json<T = Record<string, unknown>>(request: KubernetesRequest): Promise<T> {
    const response = await this.send(request);
    return JSON.parse(response.text) as T;
  }

  async text(request: KubernetesRequest): Promise<string> {
    return (await this.send({ accept: '*/*', ...request })).text;
  }
}

function parseStatus(text: string): KubernetesStatus {
  try {
    const parsed = JSON.parse(text) as KubernetesStatus;
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // Not JSON (a proxy or a 404 from a missing API path): keep the raw text as the message.
  }
  return { message: text.trim().slice(0, 500) || undefined };
}
