/**
 * Settles like `work`, or rejects with `message` after `ms`. Health indicators use it so a
 * hung dependency is reported in words that name it (Terminus's own timeout is a backstop).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Extra time Terminus waits beyond an indicator's own deadline before it steps in. */
export const TERMINUS_BACKSTOP_MS = 250;
