import { jest } from '@jest/globals';
import { runWithRequestContext } from '#observability';
import { Logger } from '@nestjs/common';

import { AuditLogger } from './audit.logger.js';

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
        caller: { subject: 'otto', roles: ['operator'], namespaces: ['team-a'] },
        tool: 'kubectl_apply',
        arguments: {
          yaml: 'apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==',
          namespace: 'team-a',
          context: 'prod',
        },
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
      target: { context: 'prod', namespace: 'team-a' },
      outcome: 'success',
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(JSON.stringify(lines)).not.toContain('aHVudGVyMg');
    expect(JSON.stringify(lines)).not.toContain('Secret');
  });

  it('records refusals as warnings with the first line of the reason', () => {
    sut.record({
      caller: { subject: 'vera', roles: ['viewer'], namespaces: ['*'] },
      tool: 'kubectl_delete',
      arguments: { resource: 'pod', name: 'web-1', namespace: 'shop' },
      outcome: 'refused',
      reason: 'Access denied: "vera" may not call tool "kubectl_delete".\nmore detail',
      started: Date.now(),
    });
    expect(lines[0].level).toBe('warn');
    expect(lines[0].entry).toMatchObject({
      outcome: 'refused',
      target: { namespace: 'shop', kind: 'pod', name: 'web-1' },
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
