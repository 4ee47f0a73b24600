import { CheckSlots, PasswordChecksBusyError } from './check-slots.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('CheckSlots', () => {
  it('runs at most `concurrency` at once and the rest in order', async () => {
    const sut = new CheckSlots(2, 10);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      sut.run(async () => {
        started.push(index);
        await g.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(sut.queued).toBe(3);
    gates[1]!.open();
    await runs[1];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    expect(sut.busy).toBe(2);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(sut.busy).toBe(0);
  });

  it('refuses at once when the queue is full, and frees the slot when work fails', async () => {
    const sut = new CheckSlots(1, 1);
    const hold = gate();
    const first = sut.run(() => hold.promise);
    const second = sut.run(() => Promise.reject(new Error('wrong hash')));
    await expect(sut.run(() => Promise.resolve())).rejects.toThrow(PasswordChecksBusyError);
    hold.open();
    await first;
    await expect(second).rejects.toThrow('wrong hash');
    expect(sut.busy).toBe(0);
    await expect(sut.run(() => Promise.resolve('again'))).resolves.toBe('again');
  });
});
