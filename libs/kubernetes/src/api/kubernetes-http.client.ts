import { textHead } from '#mcp';
import type { KubeConfig, ResponseContext } from '@kubernetes/client-node';

import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext } from '../client-node.js';

import { KubernetesApiError, type KubernetesStatus } from './kubernetes-api.error.js';
import { kubernetesOperation } from './kubernetes-operation.js';

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

/**
 * Told about every finished request, e.g. MetricsService.recordKubernetesRequest.
 * `errorStatus`: the HTTP status of a non-2xx answer, 0 when no answer came.
 */
export type KubernetesRequestObserver = (
  operation: string,
  seconds: number,
  errorStatus?: number,
) => void;

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
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly observe?: KubernetesRequestObserver,
  ) {}

  get server(): string {
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    return cluster.server.replace(/\/+$/, '');
  }

  async send(request: KubernetesRequest): Promise<KubernetesResponse> {
    const method = request.method ?? 'GET';
    const context = await this.prepare(request);
    const { statusCode, headers, text } = await this.exchange(context, method, request);
    if (statusCode < 200 || statusCode > 299) {
      throw new KubernetesApiError(statusCode, parseStatus(text), method, request.path);
    }
    return { statusCode, headers, text };
  }

  /**
   * A GET whose answer streams (pod logs with follow=true): `onText` gets the body chunk by
   * chunk as the API server sends it, until the server ends it or `request.signal` aborts,
   * which closes the connection so the API server stops streaming too.
   */
  async stream(request: KubernetesRequest, onText: (text: string) => void): Promise<void> {
    const decoder = new TextDecoder();
    await this.streamBytes(request, (chunk) => onText(decoder.decode(chunk, { stream: true })));
  }

  /**
   * A GET's body as text and how many bytes it took as sent, for a read the API server cuts at
   * a byte limit (pod logs with limitBytes): invalid UTF-8 decodes to longer replacement
   * characters, so the decoded text cannot tell whether the limit was reached.
   */
  async textWithSize(request: KubernetesRequest): Promise<{ text: string; bytes: number }> {
    const decoder = new TextDecoder();
    let text = '';
    let bytes = 0;
    await this.streamBytes(request, (chunk) => {
      bytes += chunk.length;
      text += decoder.decode(chunk, { stream: true });
    });
    request.signal?.throwIfAborted();
    return { text: text + decoder.decode(), bytes };
  }

  /** A GET whose body is handed to `onChunk` as it arrives; returns quietly once aborted. */
  private async streamBytes(
    request: KubernetesRequest,
    onChunk: (chunk: Uint8Array) => void,
  ): Promise<void> {
    const context = await this.prepare({ accept: '*/*', ...request });
    const started = process.hrtime.bigint();
    const report = (errorStatus?: number): void =>
      this.observe?.(
        kubernetesOperation('GET', request.path, request.query),
        Number(process.hrtime.bigint() - started) / 1e9,
        errorStatus,
      );
    let response: ResponseContext;
    try {
      response = await httpLibrary.send(context).toPromise();
    } catch (error) {
      report(0);
      if (request.signal?.aborted) return;
      throw error;
    }
    const statusCode = response.httpStatusCode;
    if (statusCode < 200 || statusCode > 299) {
      report(statusCode);
      throw new KubernetesApiError(
        statusCode,
        parseStatus(await response.body.text()),
        'GET',
        request.path,
      );
    }
    // client-node's fetch library hands out the body stream; its ResponseBody type omits it.
    const body = (response.body as { stream?: () => ReadableStream<Uint8Array> | null }).stream?.();
    if (!body) throw new Error('The Kubernetes client gave no response stream to read');
    try {
      for await (const chunk of body) onChunk(chunk);
      report();
    } catch (error) {
      report(request.signal?.aborted ? undefined : 0);
      if (!request.signal?.aborted) throw error;
    }
  }

  /** The request with its URL, query, headers, body, signal and credentials. */
  private async prepare(request: KubernetesRequest): Promise<RequestContext> {
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
    return context;
  }

  /** Sends the request and reads the whole body, reporting its duration and status. */
  private async exchange(
    context: RequestContext,
    method: string,
    request: KubernetesRequest,
  ): Promise<KubernetesResponse> {
    const started = process.hrtime.bigint();
    const report = (errorStatus?: number): void =>
      this.observe?.(
        kubernetesOperation(method, request.path, request.query),
        Number(process.hrtime.bigint() - started) / 1e9,
        errorStatus,
      );
    try {
      const response = await httpLibrary.send(context).toPromise();
      const text = await response.body.text();
      const statusCode = response.httpStatusCode;
      report(statusCode >= 200 && statusCode <= 299 ? undefined : statusCode);
      return { statusCode, headers: response.headers, text };
    } catch (error) {
      // No answer (connection refused, timeout, cancelled by the client).
      report(0);
      throw error;
    }
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
  return { message: textHead(text.trim(), 500) || undefined };
}
