import { jest } from '@jest/globals';

import { RedisThrottlerStorage } from './redis-throttler.storage.js';

/** A storage whose client is already stopped: these tests only look at how it is closed. */
function stoppedStorage(): RedisThrottlerStorage {
  const sut = new RedisThrottlerStorage('redis://127.0.0.1:1');
  sut.redis.disconnect();
  return sut;
}

describe('RedisThrottlerStorage shutdown', () => {
  it('quits once even when Nest calls onModuleDestroy for two providers of the instance', async () => {
    const sut = stoppedStorage();
    const quit = jest.spyOn(sut.redis, 'quit').mockResolvedValue('OK');
    const disconnect = jest.spyOn(sut.redis, 'disconnect');
    await Promise.all([sut.onModuleDestroy(), sut.onModuleDestroy()]);
    await sut.onModuleDestroy();
    expect(quit).toHaveBeenCalledTimes(1);
    expect(disconnect).not.toHaveBeenCalled();
  });

  it('falls back to disconnect when quit fails on a connection that is still open', async () => {
    const sut = stoppedStorage();
    Object.defineProperty(sut.redis, 'status', { value: 'ready', configurable: true });
    jest.spyOn(sut.redis, 'quit').mockRejectedValue(new Error('Connection is closed.'));
    const disconnect = jest.spyOn(sut.redis, 'disconnect').mockImplementation(() => undefined);
    await sut.onModuleDestroy();
    expect(disconnect).toHaveBeenCalledTimes(1);
  });

  it('does not disconnect again when quit fails because the connection already ended', async () => {
    const sut = stoppedStorage();
    Object.defineProperty(sut.redis, 'status', { value: 'end', configurable: true });
    jest.spyOn(sut.redis, 'quit').mockRejectedValue(new Error('Connection is closed.'));
    const disconnect = jest.spyOn(sut.redis, 'disconnect');
    await sut.onModuleDestroy();
    expect(disconnect).not.toHaveBeenCalled();
  });
});
