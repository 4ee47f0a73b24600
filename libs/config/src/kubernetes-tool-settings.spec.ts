import { configurationProblems } from '../../../test/support/configuration-problems.js';

import { AppConfig } from './app-config.js';

const SECRET = 'x'.repeat(48);

const problemsOf = (env: Record<string, string>): string[] =>
  configurationProblems({ JWT_SECRET: SECRET, ...env });

describe('Kubernetes tool settings', () => {
  it('keeps exec off and caps output at 40000 characters by default', () => {
    const sut = AppConfig.fromEnvironment({ JWT_SECRET: SECRET });
    expect(sut.kubernetes.execEnabled).toBe(false);
    expect(sut.kubernetes.maxOutputChars).toBe(40_000);
  });

  it('reads K8S_EXEC_ENABLED and MCP_MAX_OUTPUT_CHARS', () => {
    const sut = AppConfig.fromEnvironment({
      JWT_SECRET: SECRET,
      K8S_EXEC_ENABLED: 'true',
      MCP_MAX_OUTPUT_CHARS: '120000',
    });
    expect(sut.kubernetes.execEnabled).toBe(true);
    expect(sut.kubernetes.maxOutputChars).toBe(120_000);
  });

  it.each(['maybe', 'enable'])('rejects K8S_EXEC_ENABLED=%s', (value) => {
    expect(problemsOf({ K8S_EXEC_ENABLED: value })).toEqual([
      expect.stringContaining('K8S_EXEC_ENABLED must be one of true'),
    ]);
  });

  it.each(['lots', '999', '10000001', '1.5', '-5'])('rejects MCP_MAX_OUTPUT_CHARS=%s', (value) => {
    expect(problemsOf({ MCP_MAX_OUTPUT_CHARS: value })).toEqual([
      expect.stringContaining('MCP_MAX_OUTPUT_CHARS must be a whole number of characters'),
    ]);
  });
});
