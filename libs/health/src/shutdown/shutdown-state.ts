import { Injectable } from '@nestjs/common';

/**
 * The process's shutdown state, shared by readiness, the MCP layer and the signal handler.
 *
 * After SIGTERM `isShuttingDown` turns true: readiness answers 503 so the Service stops
 * routing here, new MCP sessions are refused, and the process waits (bounded) until every
 * tracked request and piece of work has finished before it closes the server.
 */
@Injectable()
export class ShutdownState {
  #shuttingDownSince?: Date;
  #reason?: string;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #closing = false;

  /** True once shutdown has begun; check it before opening a new session or stream. */
  get isShuttingDown(): boolean {
    return this.#shuttingDownSince !== undefined;
  }

  /** Why and since when the process is shutting down, for the readiness response. */
  get details(): { reason: string; since: string } | undefined {
    if (!this.#shuttingDownSince) return undefined;
    return { reason: this.#reason ?? 'shutdown', since: this.#shuttingDownSince.toISOString() };
  }

  /**
   * True once the drain is over and the application closes: its sessions and streams are being
   * ended, so nothing but a refusal can be answered any more.
   */
  get isClosing(): boolean {
    return this.#closing;
  }

  /** Requests and work items still running. */
  get inFlight(): number {
    return this.#inFlight;
  }

  begin(reason: string): void {
    if (this.#shuttingDownSince) return;
    this.#shuttingDownSince = new Date();
    this.#reason = reason;
  }

  /** Marks the end of the drain, just before the application closes. */
  beginClosing(): void {
    this.#closing = true;
  }

  /** Counts one unit of work until the returned function is called (once). */
  start(): () => void {
    this.#inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#idleWaiters.splice(0).forEach((wake) => wake());
    };
  }

  /**
   * Keeps shutdown waiting for work that outlives its HTTP request, e.g. a tool call whose
   * result is sent on an SSE stream.
   */
  async track<T>(work: Promise<T>): Promise<T> {
    const finish = this.start();
    try {
      return await work;
    } finally {
      finish();
    }
  }

  /** Resolves true once nothing is in flight, or false when timeoutMs passes first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.#inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idleWaiters = this.#idleWaiters.filter((waiter) => waiter !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idleWaiters.push(wake);
    });
  }
}
