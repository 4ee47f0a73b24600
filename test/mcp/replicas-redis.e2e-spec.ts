import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  type FetchLike,
} from '@modelcontextprotocol/client';

import { jest } from '@jest/globals';

import { SessionDirectory } from '../../libs/mcp/src/transport/session-directory.service.js';
import { StreamableSessions } from '../../libs/mcp/src/transport/streamable-sessions.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Two server processes' worth of apps sharing one Redis: a fetch that alternates between them
 * mimics a load balancer without sticky sessions.
 */
describe('several replicas behind one URL (REDIS_URL)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    const redis = process.env.TEST_REDIS_URL;
    if (!redis) throw new Error('TEST_REDIS_URL is not set: the e2e global setup starts Redis');
    first = await startTestApp({ REDIS_URL: redis });
    second = await startTestApp({ REDIS_URL: redis });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  function alternatingFetch(hits: string[]): FetchLike {
    let turn = 0;
    return (input, init) => {
      const target = turn++ % 2 === 0 ? first.url : second.url;
      hits.push(target);
      const url = new URL(String(input instanceof Request ? input.url : input));
      return fetch(`${target}${url.pathname}${url.search}`, init);
    };
  }

  it('keeps a Streamable HTTP session when consecutive requests land on different replicas', async () => {
    const hits: string[] = [];
    const client = new Client(
      { name: 'replicas', version: '1.0.0' },
      { supportedProtocolVersions: ['2025-06-18'] },
    );
    const transport = new StreamableHTTPClientTransport(new URL(`${first.url}/mcp`), {
      fetch: alternatingFetch(hits),
    });
    await client.connect(transport);
    for (let i = 0; i < 4; i++) {
      const result = await client.callTool({
        name: 'server_ping',
        arguments: { message: `hop ${i}` },
      });
      expect(result.structuredContent).toMatchObject({ reply: 'pong', message: `hop ${i}` });
    }
    expect(new Set(hits)).toEqual(new Set([first.url, second.url]));
    await transport.terminateSession();
    await client.close();
  });

  it('delivers SSE messages posted to the other replica onto the stream', async () => {
    // The stream opens on the first replica; every POST goes to the second one.
    const client = new Client(
      { name: 'replicas', version: '1.0.0' },
      { supportedProtocolVersions: ['2024-11-05'] },
    );
    const transport = new SSEClientTransport(new URL(`${first.url}/mcp/sse`), {
      fetch: (input, init) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        const target = init?.method === 'POST' ? second.url : first.url;
        return fetch(`${target}${url.pathname}${url.search}`, init);
      },
    });
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain('server_ping');
    const result = await client.callTool({
      name: 'server_ping',
      arguments: { message: 'via redis' },
    });
    expect(result.structuredContent).toMatchObject({ message: 'via redis' });
    await client.close();
  });

  it('serves a 2025-03-26 session the way it was negotiated on whichever replica gets it', async () => {
    // Older Dify reads a tool's title from its annotations only; the adopting replica never saw
    // the initialize, so it learns the version from the session's record.
    const hits: string[] = [];
    const client = new Client(
      { name: 'replicas', version: '1.0.0' },
      { supportedProtocolVersions: ['2025-03-26'] },
    );
    const transport = new StreamableHTTPClientTransport(new URL(`${first.url}/mcp`), {
      fetch: alternatingFetch(hits),
    });
    await client.connect(transport);
    for (let i = 0; i < 2; i++) {
      const ping = (await client.listTools()).tools.find((tool) => tool.name === 'server_ping')!;
      expect([i, ping.title, ping.annotations?.title]).toEqual([
        i,
        undefined,
        'Ping the MCP server',
      ]);
    }
    expect(new Set(hits)).toEqual(new Set([first.url, second.url]));
    await transport.terminateSession();
    await client.close();
  });

  /** A Streamable HTTP session opened on the first replica, and the headers that use it. */
  async function sessionOnFirst(clientName: string) {
    const json = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const init = await fetch(`${first.url}/mcp`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: clientName, version: '1.0' },
        },
      }),
    });
    const sessionId = init.headers.get('mcp-session-id')!;
    await init.text();
    return {
      sessionId,
      session: { ...json, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    };
  }

  it('takes a session over once when several of its requests reach another replica at once', async () => {
    const { session } = await sessionOnFirst('burst');
    const sessions = second.app.get(StreamableSessions) as unknown as { open(): unknown };
    const open = jest.spyOn(sessions, 'open');
    // A slower directory, so all five requests are sure to be waiting on the takeover at once.
    const directory = second.app.get(SessionDirectory);
    const lookup = directory.lookup.bind(directory);
    const slowLookup = jest.spyOn(directory, 'lookup').mockImplementation(async (id: string) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return lookup(id);
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, id) =>
          fetch(`${second.url}/mcp`, {
            method: 'POST',
            headers: session,
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: id + 1,
              method: 'tools/call',
              params: { name: 'server_ping', arguments: { message: `at once ${id}` } },
            }),
          }).then(async (response) => [response.status, await response.text()] as const),
        ),
      );
      for (const [status, text] of answers) {
        expect(status).toBe(200);
        expect(text).toContain('pong');
      }
      expect(open).toHaveBeenCalledTimes(1);
    } finally {
      open.mockRestore();
      slowLookup.mockRestore();
      await fetch(`${first.url}/mcp`, { method: 'DELETE', headers: session });
    }
  });

  it('keeps nothing of a session deleted on one replica while another was taking it over', async () => {
    const { sessionId, session } = await sessionOnFirst('gone');
    // The second replica finds the record, then the session is deleted before it has opened it.
    const directory = second.app.get(SessionDirectory);
    const lookup = directory.lookup.bind(directory);
    let found!: () => void;
    const recordFound = new Promise<void>((resolve) => (found = resolve));
    const slowLookup = jest.spyOn(directory, 'lookup').mockImplementation(async (id: string) => {
      const record = await lookup(id);
      found();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return record;
    });
    try {
      const request = fetch(`${second.url}/mcp`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      });
      await recordFound;
      expect((await fetch(`${first.url}/mcp`, { method: 'DELETE', headers: session })).status).toBe(
        200,
      );
      expect((await request).status).toBe(404);
      const sessions = second.app.get(StreamableSessions) as unknown as {
        sessions: Map<string, unknown>;
      };
      expect(sessions.sessions.has(sessionId)).toBe(false);
    } finally {
      slowLookup.mockRestore();
    }
  });

  it('forgets a session on every replica once it is deleted on one', async () => {
    const init = await fetch(`${first.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-03-26',
          capabilities: {},
          clientInfo: { name: 'x', version: '1' },
        },
      }),
    });
    const sessionId = init.headers.get('mcp-session-id')!;
    expect(
      (
        await fetch(`${second.url}/mcp`, {
          method: 'DELETE',
          headers: { 'mcp-session-id': sessionId },
        })
      ).status,
    ).toBe(200);
    const later = await fetch(`${first.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(later.status).toBe(404);
  });
});
