import { InMemoryTransport, Server, type JSONRPCMessage } from '@modelcontextprotocol/server';

import {
  isSupportedProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
  unsupportedProtocolVersionMessage,
} from './protocol-versions.js';

/** What `initialize` answers for a requested version, with this server's version list. */
async function negotiated(requested: unknown): Promise<JSONRPCMessage | undefined> {
  const server = new Server(
    { name: 'spec', version: '1.0.0' },
    { capabilities: {}, supportedProtocolVersions: [...SUPPORTED_PROTOCOL_VERSIONS] },
  );
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  let reply: JSONRPCMessage | undefined;
  client.onmessage = (message) => (reply = message);
  await server.connect(serverSide);
  await client.send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: requested,
      capabilities: {},
      clientInfo: { name: 'spec', version: '1.0.0' },
    },
  } as JSONRPCMessage);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await server.close();
  return reply;
}

describe('protocol versions', () => {
  it('supports every version real clients speak, 2024-11-05 to 2026-07-28', () => {
    expect([...SUPPORTED_PROTOCOL_VERSIONS].sort()).toEqual([
      '2024-11-05',
      '2025-03-26',
      '2025-06-18',
      '2025-11-25',
      '2026-07-28',
    ]);
    for (const version of SUPPORTED_PROTOCOL_VERSIONS) {
      expect(isSupportedProtocolVersion(version)).toBe(true);
    }
  });

  it.each(['', '2025-13-01', '2024-11-5', ' 2025-06-18', '2025-06-18 ', 'latest', '2099-01-01'])(
    'does not support %p',
    (version) => {
      expect(isSupportedProtocolVersion(version)).toBe(false);
    },
  );

  it('names the bad version and lists the supported ones', () => {
    expect(unsupportedProtocolVersionMessage('1999-01-01')).toBe(
      'Unsupported MCP-Protocol-Version "1999-01-01". ' +
        'This server supports: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05, 2026-07-28.',
    );
  });

  it.each(['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'])(
    'initialize answers with the client version %s',
    async (version) => {
      expect(await negotiated(version)).toMatchObject({
        id: 1,
        result: { protocolVersion: version },
      });
    },
  );

  it.each(['2023-01-01', '2099-12-31'])(
    'initialize counter-offers 2025-11-25 to an unknown version %s',
    async (version) => {
      expect(await negotiated(version)).toMatchObject({
        id: 1,
        result: { protocolVersion: '2025-11-25' },
      });
    },
  );
});
