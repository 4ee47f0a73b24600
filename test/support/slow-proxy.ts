import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server that can hold every client->server chunk back for a
 * while (a slow network to the cluster) or go away altogether (a stopped API server: open
 * connections reset, new ones refused), without mocking what answers.
 */
export class SlowProxy {
  delayMs = 0;
  /** Connections made through the proxy so far. */
  connections = 0;
  /** Bytes the server sent back through the proxy so far (TLS records included). */
  bytesFromServer = 0;
  private readonly sockets = new Set<Socket>();
  private listenPort = 0;
  private constructor(private readonly server: Server) {}

  static async start(targetHost: string, targetPort: number): Promise<SlowProxy> {
    const server = createServer();
    const proxy = new SlowProxy(server);
    server.on('connection', (client) => proxy.pipe(client, targetHost, targetPort));
    await proxy.listen();
    return proxy;
  }

  get port(): number {
    return this.listenPort;
  }

  /** Resets every open connection and refuses new ones, like a stopped server. */
  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.resetAndDestroy();
    await closed;
  }

  /** Accepts connections again on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server.listening) await new Promise((resolve) => this.server.close(resolve));
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.listenPort, '127.0.0.1', resolve));
    this.listenPort = (this.server.address() as AddressInfo).port;
  }

  private pipe(client: Socket, host: string, port: number): void {
    const upstream = connect(port, host);
    this.connections++;
    this.sockets.add(client).add(upstream);
    let queue = Promise.resolve();
    client.on('data', (chunk) => {
      const delay = this.delayMs;
      queue = queue.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => (upstream.write(chunk), resolve()), delay),
          ),
      );
    });
    upstream.on('data', (chunk: Buffer) => (this.bytesFromServer += chunk.length));
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}
