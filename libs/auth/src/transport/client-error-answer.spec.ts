import helmet from 'helmet';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';

import { answerClientErrors, headersSetBy } from './client-error-answer.js';

/** Sends raw bytes and returns everything the server wrote before it closed the connection. */
async function exchange(port: number, bytes: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.write(bytes);
  await new Promise((resolve) => socket.once('close', resolve));
  return answer;
}

function parse(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 2),
    ]),
  );
  return { statusLine, headers, body: JSON.parse(body) as Record<string, unknown> };
}

describe('answerClientErrors', () => {
  const securityHeaders = headersSetBy(
    helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } } }),
  );
  let server: Server;
  let port: number;

  beforeAll(async () => {
    // The body is read before the answer, so errors in it are still the parser's to answer.
    server = createServer({ requestTimeout: 300, headersTimeout: 300 }, (req, res) =>
      req.resume().on('end', () => res.end('ok')),
    );
    Object.assign(server, { connectionsCheckingInterval: 100 });
    answerClientErrors(server, securityHeaders);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads the headers helmet sets', () => {
    expect(securityHeaders).toMatchObject({
      'Content-Security-Policy': expect.stringContaining("default-src 'none'"),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'SAMEORIGIN',
    });
  });

  it.each([
    ['oversized headers', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['bytes that are not HTTP', 'NOT HTTP AT ALL\r\n\r\n', 400],
    [
      'oversized chunk extensions',
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(20_000)}\r\n`,
      413,
    ],
    ['headers that never end', 'GET / HTTP/1.1\r\nHost: x\r\n', 408],
  ])(
    'answers %s with security headers and a JSON error that says what to do',
    async (_case, bytes, status) => {
      const { statusLine, headers, body } = parse(await exchange(port, bytes));
      expect(statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(headers).toMatchObject({
        'content-security-policy': securityHeaders['Content-Security-Policy'],
        'x-content-type-options': 'nosniff',
        'content-type': 'application/json; charset=utf-8',
        connection: 'close',
      });
      expect(body).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.stringMatching(/: /),
      });
    },
  );

  it('names the header limit in force in the 431 answer', async () => {
    const small = createServer({ maxHeaderSize: 4096 }, (_req, res) => res.end('ok'));
    answerClientErrors(small, securityHeaders);
    await new Promise<void>((resolve) => small.listen(0, '127.0.0.1', resolve));
    try {
      const smallPort = (small.address() as { port: number }).port;
      const bytes = `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(6_000)}\r\n\r\n`;
      expect(parse(await exchange(smallPort, bytes)).body).toMatchObject({
        statusCode: 431,
        message: expect.stringContaining('larger than the server accepts (4 KiB in all)'),
      });
    } finally {
      await new Promise((resolve) => small.close(resolve));
    }
    const defaultAnswer = parse(
      await exchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(defaultAnswer.body).toMatchObject({
      message: expect.stringContaining('(16 KiB in all)'),
    });
  });

  it('closes the connection after a 408 even when the client never closes its side', async () => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    // The server ending its side is all the client sees; it keeps its own side open.
    await new Promise((resolve) => socket.once('end', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    for (let attempt = 0; attempt < 100; attempt++) {
      const open = await new Promise<number>((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const open = await new Promise<number>((resolve) =>
      server.getConnections((_e, n) => resolve(n)),
    );
    socket.destroy();
    expect(open).toBe(0);
  });

  it('still serves well-formed requests', async () => {
    expect(await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 200 [\s\S]*ok$/,
    );
  });
});
