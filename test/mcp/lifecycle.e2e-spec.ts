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
    const sse = sut.app.get(SseSessions);

    const dropped = new AbortController();
    const first = await fetch(`${sut.url}/mcp/sse`, { headers: SSE, signal: dropped.signal });
    const reader = first.body!.getReader();
    let seen = '';
    while (!seen.includes(': keepalive'))
      seen += new TextDecoder().decode((await reader.read()).value);
    expect(sse.size).toBe(1);
    dropped.abort();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sse.size).toBe(0);

    const open = await fetch(`${sut.url}/mcp/sse`, { headers: SSE });
    const ended = readUntilEnd(open.body!);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sse.size).toBe(1);
    await sut.close();
    await expect(ended).resolves.toContain('event: endpoint');
    expect(sse.size).toBe(0);
    expect(sut.app.get(StreamableSessions).size).toBe(0);
  }, 20000);
});
