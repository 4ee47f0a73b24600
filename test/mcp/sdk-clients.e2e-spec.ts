import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';

import { startTestApp, type TestApp } from '../support/test-app.js';

const LEGACY_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

const TITLE_IN_ANNOTATIONS = ['2024-11-05', '2025-03-26'];

async function exercise(client: Client, version: string): Promise<void> {
  const modern = version === '2026-07-28';
  const tools = await client.listTools();
  expect(tools.tools.map((tool) => tool.name)).toContain('server_ping');
  // Each title is sent once: beside the annotations from 2025-06-18 on, inside them before.
  const ping = tools.tools.find((tool) => tool.name === 'server_ping')!;
  const hints = { readOnlyHint: true, openWorldHint: false };
  const title = 'Ping the MCP server';
  if (TITLE_IN_ANNOTATIONS.includes(version)) {
    expect([ping.title, ping.annotations]).toEqual([undefined, { title, ...hints }]);
  } else {
    expect([ping.title, ping.annotations]).toEqual([title, hints]);
  }
  const result = await client.callTool({ name: 'server_ping', arguments: { message: 'sdk' } });
  expect(result.isError).not.toBe(true);
  expect(result.structuredContent).toMatchObject({ reply: 'pong', message: 'sdk' });
  // `ping` no longer exists in 2026-07-28.
  if (!modern) await client.ping();
  await expect(client.listResources()).resolves.toEqual(
    expect.objectContaining({ resources: expect.any(Array) }),
  );
  await expect(client.listResourceTemplates()).resolves.toEqual(
    expect.objectContaining({ resourceTemplates: expect.any(Array) }),
  );
  await expect(client.listPrompts()).resolves.toEqual(
    expect.objectContaining({ prompts: expect.any(Array) }),
  );
}

/** The official SDK client against the running server, per transport and protocol version. */
describe('official SDK client', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  describe.each(LEGACY_VERSIONS)('protocol %s', (version) => {
    it('works over Streamable HTTP with a session and negotiates that version', async () => {
      const client = new Client(
        { name: 'e2e', version: '1.0.0' },
        { supportedProtocolVersions: [version] },
      );
      const transport = new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`));
      await client.connect(transport);
      expect(client.getNegotiatedProtocolVersion()).toBe(version);
      expect(transport.sessionId).toEqual(expect.any(String));
      await exercise(client, version);
      await client.setLoggingLevel('warning');
      await transport.terminateSession();
      await client.close();
    });

    it('works over HTTP+SSE (/mcp/sse) and negotiates that version', async () => {
      const client = new Client(
        { name: 'e2e', version: '1.0.0' },
        { supportedProtocolVersions: [version] },
      );
      const transport = new SSEClientTransport(new URL(`${sut.url}/mcp/sse`));
      await client.connect(transport);
      expect(client.getNegotiatedProtocolVersion()).toBe(version);
      await exercise(client, version);
      await client.close();
    });
  });

  it('works sessionless with protocol 2026-07-28 (server/discover, per-request envelope)', async () => {
    const client = new Client(
      { name: 'e2e', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    const transport = new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`));
    await client.connect(transport);
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect(transport.sessionId).toBeUndefined();
    await exercise(client, '2026-07-28');
    await client.close();
  });

  it('negotiates 2026-07-28 in auto mode', async () => {
    const client = new Client(
      { name: 'e2e', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(new StreamableHTTPClientTransport(new URL(`${sut.url}/mcp`)));
    expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    await client.close();
  });
});
