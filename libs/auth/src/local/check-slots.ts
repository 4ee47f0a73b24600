/** Thrown when too many password checks are already waiting; the login answers 503. */
export class PasswordChecksBusyError extends Error {
  override name = 'PasswordChecksBusyError';
}

/**
 * A counting semaphore for CPU-heavy work on the thread pool. Password hashes are built to
 * burn CPU: run one per core and the event loop has to fight them for a core, so every other
 * request slows down. At most `concurrency` run at once; up to `maxWaiting` more queue in
 * order; beyond that callers are refused at once rather than piling up.
 */
export class CheckSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  get busy(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxWaiting) {
        throw new PasswordChecksBusyError(
          `${this.maxWaiting} password checks are already waiting; try again in a few seconds`,
        );
      }
      // The releasing caller hands its slot over, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
