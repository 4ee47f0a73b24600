/**
 * Reads `read` until `done` holds for what it returns or `timeoutMs` have passed, and returns
 * the last value read, for the caller to assert on: a timeout then fails showing what was seen.
 *
 * For a state the test expects to be reached "by now": a fixed sleep before the assertion loses
 * the race whenever the machine is loaded, while polling waits only as long as needed. The
 * deadline is generous because it costs time only when the test fails anyway.
 */
export async function pollUntil<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 10_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}
