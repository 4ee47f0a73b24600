/** How often a check-then-write step runs when its write keeps meeting a changed object. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Runs a step that reads an object, checks it and writes on the condition that it is still the
 * version read (its resourceVersion), again while that write meets a conflict (409): every run
 * reads and checks afresh, so nothing is written over an object other than the one checked.
 * After the last attempt the conflict is passed on.
 */
export async function retryOnConflict<T>(step: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      const conflict = (error as { statusCode?: number }).statusCode === 409;
      if (!conflict || attempt >= CONFLICT_ATTEMPTS) throw error;
    }
  }
}
