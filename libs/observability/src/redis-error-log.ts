// ioredis reports a reply that is not RESP this way, e.g. `Unknown RESP type 72 "H"` when an
// HTTP server answers; its parser then drops the connection and reconnects, again and again.
const NOT_RESP = /^Unknown RESP type \d+ "([\s\S])"/;

/** An ioredis error as a person reads it: a REDIS_URL that reaches no Redis is named as such. */
export function describeRedisError(error: Error): string {
  const notRedis = NOT_RESP.exec(error.message);
  if (!notRedis) return error.message;
  const answered = JSON.stringify(notRedis[1]);
  return (
    `REDIS_URL points at a server that does not speak the Redis protocol (it answered ${answered}; ` +
    'an HTTP server answers "H", a TLS port needs rediss://): set REDIS_URL to a Redis server, e.g. redis://redis:6379'
  );
}

/** What RedisErrorLog needs of an ioredis client. */
export interface RedisEvents {
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/**
 * Logs a Redis client's errors, each distinct one once until the client is ready again: a
 * client reconnects every few hundred milliseconds while Redis is away, and the log should
 * say what is wrong, not repeat it.
 */
export class RedisErrorLog {
  private readonly logged = new Set<string>();
  private last?: string;

  constructor(client: RedisEvents, logger: { warn(message: string): void }, label: string) {
    client.on('error', (error: Error) => {
      const message = describeRedisError(error);
      this.last = message;
      if (this.logged.has(message)) return;
      this.logged.add(message);
      logger.warn(`${label}: ${message}`);
    });
    client.on('ready', () => {
      this.logged.clear();
      this.last = undefined;
    });
  }

  /** The latest error since the client was last ready, described. */
  get lastError(): string | undefined {
    return this.last;
  }
}
