import { ANONYMOUS_ADMIN, type ToolCallContext } from '#mcp';

import type { ClusterAccess } from '../cluster-access.js';
import { KubectlLogsTool } from './kubectl-logs.tool.js';

const BUDGET = 1_000;
const READ_LIMIT = 4 * BUDGET;

/**
 * A cluster with pod "web" (one container) whose log is these lines; log reads are answered as
 * the API server does: the last `tailLines` lines, cut at `limitBytes` bytes.
 */
function clusterWithLog(log: string[]) {
  const reads: { tailLines: number; limitBytes: number }[] = [];
  const http = {
    json: async () => ({ metadata: { name: 'web' }, spec: { containers: [{ name: 'app' }] } }),
    textWithSize: async ({ query }: { query: { tailLines: number; limitBytes: number } }) => {
      reads.push({ tailLines: query.tailLines, limitBytes: query.limitBytes });
      const text = log
        .slice(-query.tailLines)
        .map((line) => `${line}\n`)
        .join('');
      const sent = Buffer.from(text).subarray(0, query.limitBytes);
      return { text: sent.toString('utf8'), bytes: sent.length };
    },
  };
  const access = {
    maxOutputChars: BUDGET,
    logsFollowMaxSeconds: 60,
    connect: () => ({
      http,
      defaultNamespace: 'default',
      resolve: async () => ({ kind: 'Pod', namespaced: true }),
    }),
  } as unknown as ClusterAccess;
  return { access, reads };
}

const ctx: ToolCallContext = {
  caller: ANONYMOUS_ADMIN,
  signal: new AbortController().signal,
  reportTarget: () => undefined,
};

describe('KubectlLogsTool', () => {
  it('shows the start of a newest line longer than the output budget, marked, instead of no lines', async () => {
    const { access, reads } = clusterWithLog(['small', 'x'.repeat(500_000)]);
    const sut = new KubectlLogsTool(access);

    const result = await sut.call({ pod: 'web', lines: 2 }, ctx);

    expect(reads).toEqual([
      { tailLines: 2, limitBytes: READ_LIMIT },
      { tailLines: 1, limitBytes: READ_LIMIT },
    ]);
    const text = result.content[0]!.text;
    const [note, line, ...rest] = text.split('\n');
    expect(note).toMatch(/^\[the read stopped at 4000 bytes of log/);
    expect(line).toMatch(/^x+ \[line cut at \d+ characters\]$/);
    expect(line!.length).toBeLessThan(BUDGET);
    expect(line!.length).toBeGreaterThan(BUDGET - 40);
    expect(rest).toEqual([]);
    expect(text).not.toContain('earlier lines cut');
    expect(result.structuredContent).toEqual({
      namespace: 'default',
      logs: [
        { pod: 'web', container: 'app', lines: [line], omitted: 0, readLimitBytes: READ_LIMIT },
      ],
      truncated: true,
    });
  });

  it('cuts a newest line that was read whole but is longer than the budget, and counts the older lines it leaves out', async () => {
    const long = `start ${'y'.repeat(2_000)}`;
    const { access } = clusterWithLog(['older', long]);
    const sut = new KubectlLogsTool(access);

    const result = await sut.call({ pod: 'web', lines: 2 }, ctx);

    const [note, line, ...rest] = result.content[0]!.text.split('\n');
    expect(note).toBe(
      '[1 earlier lines cut to stay within MCP_MAX_OUTPUT_CHARS; ask for fewer lines, a grep filter or sinceSeconds]',
    );
    expect(line).toMatch(/^start y+ \[line cut at \d+ characters\]$/);
    expect(line!.length).toBeLessThan(BUDGET);
    expect(rest).toEqual([]);
    expect(result.structuredContent).toMatchObject({
      logs: [{ lines: [line], omitted: 1 }],
      truncated: true,
    });
  });

  it('keeps the newest lines that fit whole and leaves an older over-long line out', async () => {
    const { access } = clusterWithLog(['z'.repeat(2_000), 'newer', 'newest']);
    const sut = new KubectlLogsTool(access);

    const result = await sut.call({ pod: 'web', lines: 3 }, ctx);

    expect(result.structuredContent).toMatchObject({
      logs: [{ lines: ['newer', 'newest'], omitted: 1 }],
    });
  });
});
