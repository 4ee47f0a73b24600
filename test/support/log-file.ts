import { existsSync, readFileSync } from 'node:fs';

export type LogLine = Record<string, unknown>;

/** The JSON lines written so far to a LOG_FILE (LOG_FORMAT=json). */
export function readLogLines(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
}

/** The file transport writes asynchronously: poll until the expected line appears. */
export async function waitForLogLine(
  path: string,
  matches: (line: LogLine) => boolean,
  timeoutMs = 5000,
): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readLogLines(path).find(matches);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching log line in ${path} within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
