import { AppConfig } from '#config';
import { createServer, type AddressInfo } from 'node:net';

import { SessionDirectory } from './session-directory.service.js';

describe('SessionDirectory.unavailable', () => {
  it('is undefined without REDIS_URL: sessions stay local and nothing waits', () => {
    const sut = new SessionDirectory(AppConfig.fromEnvironment({ AUTH_ENABLED: 'false' }));
    expect(sut.unavailable).toBeUndefined();
  });

  it('names the session connections while Redis cannot be reached', async () => {
    // A port that takes connections and never answers: the clients never become ready.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const sut = new SessionDirectory(
      AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', REDIS_URL: `redis://127.0.0.1:${port}` }),
    );
    try {
      expect(sut.unavailable).toBe(
        'its connections that share MCP sessions are not ready yet (commands, events)',
      );
    } finally {
      await sut.onApplicationShutdown();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
