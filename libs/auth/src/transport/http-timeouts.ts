import type { HttpTimeouts } from '#config';
import type { Server } from 'node:http';

// Node checks for expired requests on this interval (30 s by default), so a slow client would
// otherwise keep its connection up to that much longer than the configured limit.
const MAX_CHECK_INTERVAL_MS = 1000;

/**
 * Slow-client limits of the HTTP(S) server (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS,
 * HTTP_KEEP_ALIVE_TIMEOUT_MS): a connection that trickles its headers or body is answered 408
 * and closed. They cover receiving the request only, so long-lived SSE answers stay open.
 * Call before the server listens: the check interval is read when listening starts.
 */
export function applyHttpTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.headersTimeout = timeouts.headersMs;
  server.requestTimeout = timeouts.requestMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;
  // A createServer option that @types/node does not list as a property; Node reads it from the
  // server when listening starts.
  Object.assign(server, {
    connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, timeouts.headersMs / 2),
  });
}
