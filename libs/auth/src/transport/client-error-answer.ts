import { maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

interface Answer {
  status: number;
  reason: string;
  message: string;
}

// Node answers these itself, before Express (and its security headers) sees the request.
const ANSWERS: Record<string, Answer> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    message:
      'The request did not arrive in time (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS): send it again without pauses.',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    reason: 'Payload Too Large',
    message: 'A chunk extension of the request body is too large: send the body without them.',
  },
};

/** The 431 answer, naming the limit in force (`--max-http-header-size` may have changed it). */
function headerOverflow(server: Server): Answer {
  const limit = (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize;
  return {
    status: 431,
    reason: 'Request Header Fields Too Large',
    message: `The request headers are larger than the server accepts (${Math.round(limit / 1024)} KiB in all): send fewer or shorter headers.`,
  };
}

// Time for the answer to reach a client before the connection is closed regardless.
const CLOSE_AFTER_MS = 1000;

const MALFORMED: Answer = {
  status: 400,
  reason: 'Bad Request',
  message: 'The request is not valid HTTP/1.1: check the request line and headers.',
};

/**
 * Answers what Node's HTTP parser and timers refuse (slow requests, oversized headers, bytes
 * that are not HTTP) with the same security headers and JSON error body as every other answer,
 * then closes the connection, as Node itself would.
 */
export function answerClientErrors(server: Server, securityHeaders: Record<string, string>): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const response = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    const code = error.code ?? '';
    // Only HTTP parser errors (HPE_*) and timeouts get an answer, as from Node itself: a reset
    // or a failed TLS handshake (https servers report those here too) cannot take one, and
    // neither can a response that has begun.
    const answerable = code === 'ERR_HTTP_REQUEST_TIMEOUT' || code.startsWith('HPE_');
    if (!answerable || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    // Destroyed once written, as Node does: a client that never closes its side must not keep
    // the connection (a slow client's 408 would otherwise hold it open for good), nor one that
    // never reads the answer.
    const answer = code === 'HPE_HEADER_OVERFLOW' ? headerOverflow(server) : ANSWERS[code];
    socket.end(rawAnswer(answer ?? MALFORMED, securityHeaders), () => socket.destroy());
    setTimeout(() => socket.destroy(), CLOSE_AFTER_MS).unref();
  });
}

function rawAnswer(answer: Answer, securityHeaders: Record<string, string>): string {
  const body = JSON.stringify({
    statusCode: answer.status,
    error: answer.reason,
    message: answer.message,
  });
  const headers = {
    ...securityHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${answer.status} ${answer.reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** The headers a middleware sets on every answer, read by running it once on a recorder. */
export function headersSetBy(
  middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void,
): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  middleware(
    { headers: {}, method: 'GET', url: '/' } as unknown as IncomingMessage,
    recorder as unknown as ServerResponse,
    () => undefined,
  );
  return Object.fromEntries(headers);
}
