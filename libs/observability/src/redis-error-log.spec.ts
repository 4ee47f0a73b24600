import { EventEmitter } from 'node:events';

import { describeRedisError, RedisErrorLog } from './redis-error-log.js';

describe('describeRedisError', () => {
  it('says REDIS_URL points at something that is not Redis when the reply is not RESP', () => {
    expect(describeRedisError(new Error('Unknown RESP type 72 "H". Please report this.'))).toBe(
      'REDIS_URL points at a server that does not speak the Redis protocol (it answered "H"; an HTTP server answers "H", a TLS port needs rediss://): set REDIS_URL to a Redis server, e.g. redis://redis:6379',
    );
  });

  it('shows an unprintable first byte escaped', () => {
    expect(
      describeRedisError(new Error('Unknown RESP type 21 "\u0015". Please report this.')),
    ).toContain('(it answered "\\u0015";');
  });

  it('keeps every other message as it is', () => {
    expect(describeRedisError(new Error('connect ECONNREFUSED 127.0.0.1:6379'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:6379',
    );
  });
});

describe('RedisErrorLog', () => {
  const setup = () => {
    const client = new EventEmitter();
    const warnings: string[] = [];
    const sut = new RedisErrorLog(client, { warn: (message) => warnings.push(message) }, 'Redis');
    return { client, warnings, sut };
  };

  it('logs each distinct error once until the client is ready again', () => {
    const { client, warnings, sut } = setup();
    for (let i = 0; i < 3; i++) {
      client.emit('error', new Error('Unknown RESP type 72 "H". Please report this.'));
      client.emit('error', new Error('write EPIPE'));
    }
    expect(warnings).toEqual([
      expect.stringMatching(/^Redis: REDIS_URL points at a server that does not speak/),
      'Redis: write EPIPE',
    ]);
    expect(sut.lastError).toBe('write EPIPE');

    client.emit('ready');
    expect(sut.lastError).toBeUndefined();
    client.emit('error', new Error('write EPIPE'));
    expect(warnings).toHaveLength(3);
  });
});
