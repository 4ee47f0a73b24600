import { ADMIN_CAPABILITIES, type Caller } from '../registry/caller.js';
import type { McpRegistry } from '../registry/mcp-registry.service.js';
import type { McpResourceProvider } from '../registry/mcp-resource.js';
import { ListenWatches, MAX_LISTEN_RESOURCES, MAX_WATCHES_PER_USER } from './listen-watches.js';

const alice: Caller = {
  subject: 'alice',
  roles: ['viewer'],
  namespaces: ['*'],
  capabilities: ADMIN_CAPABILITIES,
};

function listen(uris: string[]): Record<string, unknown> {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'subscriptions/listen',
    params: { notifications: { resourceSubscriptions: uris } },
  };
}

/** A provider that watches `k8s://ns/configmaps/<name>` and refuses names starting with "missing". */
function fakeProvider() {
  const watching = new Map<string, () => void>();
  const provider: McpResourceProvider = {
    list: () => [],
    canRead: (uri) => uri.startsWith('k8s://'),
    read: async () => [],
    subscribe: async (uri, _context, onUpdated) => {
      if (uri.includes('/missing')) throw new Error(`configmaps "missing" not found`);
      watching.set(uri, onUpdated);
      return () => watching.delete(uri);
    },
  };
  return { provider, watching };
}

describe('ListenWatches (resource updates for subscriptions/listen)', () => {
  let watching: Map<string, () => void>;
  let sut: ListenWatches;

  beforeEach(() => {
    const fake = fakeProvider();
    watching = fake.watching;
    sut = new ListenWatches({ resources: () => [fake.provider] } as unknown as McpRegistry);
  });

  it('watches each listed URI until the stream ends, publishing its changes', async () => {
    const published: string[] = [];
    const stream = new AbortController();
    const uris = ['k8s://a/configmaps/one', 'k8s://a/configmaps/two'];
    await expect(
      sut.startOne(listen(uris), alice, stream.signal, (uri) => published.push(uri)),
    ).resolves.toBeUndefined();
    expect([...watching.keys()]).toEqual(uris);
    watching.get(uris[1]!)!();
    expect(published).toEqual([uris[1]]);
    stream.abort();
    expect(watching.size).toBe(0);
  });

  it('refuses the whole request when one URI cannot be watched, stopping the others', async () => {
    const reason = await sut.startOne(
      listen(['k8s://a/configmaps/one', 'k8s://a/configmaps/missing']),
      alice,
      new AbortController().signal,
      () => undefined,
    );
    expect(reason).toBe('configmaps "missing" not found');
    expect(watching.size).toBe(0);
  });

  it('answers an HTTP listen request it refuses with a JSON-RPC error for that id', async () => {
    const response = await sut.start(
      [listen(['k8s://a/configmaps/missing'])],
      alice,
      new AbortController().signal,
      () => undefined,
    );
    expect(response!.status).toBe(200);
    expect(await response!.json()).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32602, message: 'configmaps "missing" not found' },
    });
  });

  it(`refuses more than ${MAX_LISTEN_RESOURCES} URIs in one request`, async () => {
    const uris = Array.from({ length: MAX_LISTEN_RESOURCES + 1 }, (_, i) => `k8s://a/cm/n${i}`);
    const reason = await sut.startOne(listen(uris), alice, new AbortController().signal, () => 0);
    expect(reason).toBe(
      `subscriptions/listen names ${MAX_LISTEN_RESOURCES + 1} resources; at most ${MAX_LISTEN_RESOURCES} may be watched per listen request. Split them over several requests.`,
    );
    expect(watching.size).toBe(0);
  });

  it(`holds at most ${MAX_WATCHES_PER_USER} watches per user, freed when streams end`, async () => {
    const streams: AbortController[] = [];
    const open = async (from: number) => {
      const stream = new AbortController();
      streams.push(stream);
      const uris = Array.from(
        { length: MAX_LISTEN_RESOURCES },
        (_, i) => `k8s://a/cm/n${from + i}`,
      );
      return sut.startOne(listen(uris), alice, stream.signal, () => undefined);
    };
    await expect(open(0)).resolves.toBeUndefined();
    await expect(open(100)).resolves.toBeUndefined();
    await expect(open(200)).resolves.toBe(
      `"alice" already watches ${MAX_WATCHES_PER_USER} resources; at most ${MAX_WATCHES_PER_USER} may be watched at once. Close other subscriptions/listen streams first.`,
    );
    streams[0]!.abort();
    await expect(open(300)).resolves.toBeUndefined();
  });

  it('ignores messages that are not listen requests', async () => {
    await expect(
      sut.start(
        [{ jsonrpc: '2.0', id: 2, method: 'tools/list' }],
        alice,
        new AbortController().signal,
        () => 0,
      ),
    ).resolves.toBeUndefined();
    expect(watching.size).toBe(0);
  });
});
