import { jest } from '@jest/globals';
import { ANONYMOUS_ADMIN, type Caller } from '#mcp';
import { runWithRequestContext } from '#observability';
import { Logger } from '@nestjs/common';

import { AuditLogger } from './audit.logger.js';

const caller = (subject: string, roles: string[], namespaces: string[]): Caller => ({
  ...ANONYMOUS_ADMIN,
  subject,
  roles,
  namespaces,
});

describe('AuditLogger', () => {
  const sut = new AuditLogger();
  let lines: { level: string; entry: Record<string, unknown> }[];

  beforeEach(() => {
    lines = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: Logger, entry: unknown) {
      lines.push({
        level: 'log',
        entry: { context: (this as unknown as { context: string }).context, ...(entry as object) },
      });
    });
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (
      this: Logger,
      entry: unknown,
    ) {
      lines.push({
        level: 'warn',
        entry: { context: (this as unknown as { context: string }).context, ...(entry as object) },
      });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes one structured line per tool call with who, where, what and how it went', () => {
    runWithRequestContext({ requestId: 'req-1', sourceIp: '10.1.2.3' }, () =>
      sut.record({
        caller: caller('otto', ['operator'], ['team-a']),
        tool: 'kubectl_apply',
        target: { context: 'prod', namespace: 'team-a', kind: 'ConfigMap', name: 'settings' },
        outcome: 'success',
        started: Date.now() - 12,
        requestId: 'req-1',
      }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].level).toBe('log');
    expect(lines[0].entry).toMatchObject({
      context: 'Audit',
      event: 'tool_call',
      requestId: 'req-1',
      user: 'otto',
      roles: ['operator'],
      sourceIp: '10.1.2.3',
      tool: 'kubectl_apply',
      target: { context: 'prod', namespace: 'team-a', kind: 'ConfigMap', name: 'settings' },
      outcome: 'success',
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('names the API token a tool call was made with, so an integration’s actions can be traced', () => {
    runWithRequestContext({ requestId: 'req-2', apiToken: '3f0c1a2b3c4d5e6f' }, () =>
      sut.record({
        caller: caller('dify', ['viewer'], ['apps']),
        tool: 'kubectl_get',
        outcome: 'success',
        started: Date.now(),
      }),
    );
    expect(lines[0].entry).toMatchObject({ user: 'dify', apiToken: '3f0c1a2b3c4d5e6f' });
  });

  it('records denied calls as warnings with the reported target and the first line of the reason', () => {
    sut.record({
      caller: caller('vera', ['viewer'], ['*']),
      tool: 'kubectl_delete',
      target: { namespace: 'shop', kind: 'Pod', name: 'web-1' },
      outcome: 'denied',
      reason: 'Access denied: "vera" may not call tool "kubectl_delete".\nmore detail',
      started: Date.now(),
    });
    expect(lines[0].level).toBe('warn');
    expect(lines[0].entry).toMatchObject({
      outcome: 'denied',
      target: { namespace: 'shop', kind: 'Pod', name: 'web-1' },
      reason: 'Access denied: "vera" may not call tool "kubectl_delete".',
    });
  });

  it('logs logins without the password and neutralises control characters in user names', () => {
    sut.login({
      user: 'eve\nFAKE audit line',
      sourceIp: '1.2.3.4',
      outcome: 'refused',
      reason: 'unknown user',
      started: Date.now(),
    });
    expect(lines[0].entry).toMatchObject({
      event: 'login',
      outcome: 'refused',
      user: 'eve?FAKE audit line',
      sourceIp: '1.2.3.4',
    });
    expect(String(lines[0].entry.message)).not.toContain('\n');
  });
});
