import { pollUntil } from '../support/poll.js';
import { startTestApp } from '../support/test-app.js';
// After the app import: the libraries import each other and must load in app order.
import { SseSessions, StreamableSessions } from '../../libs/mcp/src/testing.js';

const SSE = { accept: 'text/event-stream' };

async function readUntilEnd(body: ReadableStream<Uint8Array>): Promise<string> {
  const reader = body.getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += new TextDecoder().decode(value);
  }
}

describe('MCP session lifecycle', () => {
  it('sends keep-alive comments, frees sessions on disconnect and ends open streams on shutdown', async () => {
    const sut = await startTestApp({ MCP_SSE_KEEPALIVE_MS: '100' });
    let closed = false;
    const close = async () => {
      closed = true;
      await sut.close();
    };
    const sse = sut.app.get(SseSessions);
    // The session counts change when the server handles the connect or the disconnect, some
    // time after the client's side of it: wait for them instead of sleeping a guessed while.
    const sseSessions = (count: number) =>
      pollUntil(
        () => sse.size,
        (size) => size === count,
      );
    try {
      const dropped = new AbortController();
      const first = await fetch(`${sut.url}/mcp/sse`, { headers: SSE, signal: dropped.signal });
      const reader = first.body!.getReader();
      let seen = '';
      while (!seen.includes(': keepalive'))
        seen += new TextDecoder().decode((await reader.read()).value);
      expect(sse.size).toBe(1);
      dropped.abort();
      // Idle expiry (30 minutes by default) cannot free it within the wait: only the disconnect.
      expect(await sseSessions(0)).toBe(0);

      const open = await fetch(`${sut.url}/mcp/sse`, { headers: SSE });
      const ended = readUntilEnd(open.body!);
      // Handled at once, so a failing expect below does not leave it to reject unhandled later.
      ended.catch(() => undefined);
      expect(await sseSessions(1)).toBe(1);
      await close();
      await expect(ended).resolves.toContain('event: endpoint');
      expect(sse.size).toBe(0);
      expect(sut.app.get(StreamableSessions).size).toBe(0);
    } finally {
      if (!closed) await sut.close();
    }
  }, 20000);
});
