import type { ServerContext } from '@modelcontextprotocol/server';

import { interimReporter } from './interim-output.js';

function fakeContext(failing = false) {
  const sent: unknown[] = [];
  const outcome = () => (failing ? Promise.reject(new Error('closed')) : Promise.resolve());
  const ctx = {
    mcpReq: {
      notify: (notification: unknown) => (sent.push({ notify: notification }), outcome()),
      log: (level: string, data: unknown, logger?: string) => (
        sent.push({ log: { level, data, logger } }),
        outcome()
      ),
    },
  } as unknown as ServerContext;
  return { ctx, sent };
}

describe('interimReporter', () => {
  it('sends numbered progress notifications when the request has a progressToken', () => {
    const { ctx, sent } = fakeContext();
    const sut = interimReporter(ctx, 'kubectl_logs', 'token-1');
    sut('line 1');
    sut('line 2\nline 3');
    expect(sent).toEqual([
      {
        notify: {
          method: 'notifications/progress',
          params: { progressToken: 'token-1', progress: 1, message: 'line 1' },
        },
      },
      {
        notify: {
          method: 'notifications/progress',
          params: { progressToken: 'token-1', progress: 2, message: 'line 2\nline 3' },
        },
      },
    ]);
  });

  it('sends info log notifications named after the tool otherwise', () => {
    const { ctx, sent } = fakeContext();
    interimReporter(ctx, 'kubectl_logs', undefined)('line 1');
    expect(sent).toEqual([{ log: { level: 'info', data: 'line 1', logger: 'kubectl_logs' } }]);
  });

  it('never throws when the client cannot receive notifications', async () => {
    const { ctx } = fakeContext(true);
    expect(() => interimReporter(ctx, 'kubectl_logs', 7)('line')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
  });
});
