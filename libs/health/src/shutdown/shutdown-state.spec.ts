import { ShutdownState } from './shutdown-state.js';

describe('ShutdownState', () => {
  let sut: ShutdownState;
  beforeEach(() => (sut = new ShutdownState()));

  it('is not shutting down until begin() and keeps the first reason', () => {
    expect(sut.isShuttingDown).toBe(false);
    expect(sut.details).toBeUndefined();
    sut.begin('SIGTERM');
    sut.begin('SIGINT');
    expect(sut.isShuttingDown).toBe(true);
    expect(sut.details).toEqual({ reason: 'SIGTERM', since: expect.any(String) });
  });

  it('counts work in flight and ignores a second finish of the same unit', () => {
    const finishA = sut.start();
    sut.start();
    expect(sut.inFlight).toBe(2);
    finishA();
    finishA();
    expect(sut.inFlight).toBe(1);
  });

  it('resolves waitForIdle at once when idle and when the last unit finishes', async () => {
    await expect(sut.waitForIdle(10)).resolves.toBe(true);
    const finish = sut.start();
    const waiting = sut.waitForIdle(5000);
    setTimeout(finish, 20);
    await expect(waiting).resolves.toBe(true);
  });

  it('gives up waiting after the timeout while work is still running', async () => {
    sut.start();
    const started = Date.now();
    await expect(sut.waitForIdle(50)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(sut.inFlight).toBe(1);
  });

  it('tracks a promise until it settles, also when it rejects', async () => {
    let fail!: (error: Error) => void;
    const tracked = sut.track(new Promise((_, reject) => (fail = reject)));
    expect(sut.inFlight).toBe(1);
    fail(new Error('tool failed'));
    await expect(tracked).rejects.toThrow('tool failed');
    expect(sut.inFlight).toBe(0);
  });
});
