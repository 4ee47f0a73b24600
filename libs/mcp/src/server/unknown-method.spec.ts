import { InMemoryTransport, Server, type JSONRPCMessage } from '@modelcontextprotocol/server';

import { explainUnknownMethods, supportedMethods, unknownMethodMessage } from './unknown-method.js';

async function exchange(server: Server, messages: JSONRPCMessage[]): Promise<JSONRPCMessage[]> {
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  client.onmessage = (message) => received.push(message);
  await server.connect(serverSide);
  await client.start();
  for (const message of messages) await client.send(message);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await server.close();
  return received;
}

const initialize: JSONRPCMessage = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'spec', version: '1.0.0' },
  },
};

describe('unknown methods', () => {
  const build = (): Server => {
    const server = new Server({ name: 'spec', version: '1.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', () => ({ tools: [] }));
    explainUnknownMethods(server);
    return server;
  };

  it('answers -32601 naming the method and listing the supported ones', async () => {
    const sut = build();
    const replies = await exchange(sut, [
      initialize,
      { jsonrpc: '2.0', id: 2, method: 'tools/lsit', params: {} },
    ]);
    const reply = replies.find((message) => 'id' in message && message.id === 2);
    expect(reply).toEqual({
      jsonrpc: '2.0',
      id: 2,
      error: {
        code: -32601,
        message: expect.stringContaining('this server has no method "tools/lsit"'),
      },
    });
    const message = (reply as { error: { message: string } }).error.message;
    expect(message).toContain('initialize');
    expect(message).toContain('ping');
    expect(message).toContain('tools/list');
  });

  it('answers a spec method without a handler (completion/complete) the same way', async () => {
    const replies = await exchange(build(), [
      initialize,
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'completion/complete',
        params: { ref: { type: 'ref/prompt', name: 'x' }, argument: { name: 'a', value: '' } },
      },
    ]);
    expect(replies.find((message) => 'id' in message && message.id === 3)).toMatchObject({
      error: { code: -32601, message: expect.stringContaining('"completion/complete"') },
    });
  });

  it('lists the methods that have a handler, sorted', () => {
    expect(supportedMethods(build())).toEqual(expect.arrayContaining(['ping', 'tools/list']));
    const methods = supportedMethods(build());
    expect(methods).toEqual([...methods].sort());
  });

  it('tells callers that tools are not methods', () => {
    expect(unknownMethodMessage('kubectl_get', ['tools/call'])).toBe(
      'Method not found: this server has no method "kubectl_get". Supported methods: tools/call. ' +
        'Tools are not methods: call them with tools/call and list them with tools/list.',
    );
  });
});
