import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

const BOTH = 'application/json, text/event-stream';

/** What a client's Accept header allows for a POST response. */
export function responseFormatFor(accept: string | null): 'sse' | 'json' | 'none' {
  const value = (accept ?? '*/*').toLowerCase();
  if (value.includes('text/event-stream')) return 'sse';
  if (
    value.includes('application/json') ||
    value.includes('*/*') ||
    value.includes('application/*')
  ) {
    return 'json';
  }
  return 'none';
}

/**
 * The SDK's Streamable HTTP transport fixes JSON-or-SSE per session and insists on
 * `Accept: application/json, text/event-stream`. Clients differ (plain curl sends `*\/*`),
 * so this picks the response format per request from the client's Accept header instead.
 */
export class AcceptAwareTransport extends WebStandardStreamableHTTPServerTransport {
  override async handleRequest(
    request: Request,
    options?: Parameters<WebStandardStreamableHTTPServerTransport['handleRequest']>[1],
  ): Promise<Response> {
    if (request.method !== 'POST') return super.handleRequest(request, options);
    const format = responseFormatFor(request.headers.get('accept'));
    // The SDK reads this private flag when it builds each POST response.
    (this as unknown as { _enableJsonResponse: boolean })._enableJsonResponse = format !== 'sse';
    const headers = new Headers(request.headers);
    headers.set('accept', BOTH);
    return super.handleRequest(
      new Request(request.url, { method: 'POST', headers, signal: request.signal }),
      options,
    );
  }

  /** Serves an existing session on a replica that did not see its `initialize` (Redis mode). */
  adopt(sessionId: string): void {
    this.sessionId = sessionId;
    (this as unknown as { _initialized: boolean })._initialized = true;
  }
}
