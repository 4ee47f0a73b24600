import { CHART, SCENARIOS, helm, manifests, render } from './helm-tools.js';

describe('helm chart: lint and render', () => {
  it('has CI scenarios', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(6);
  });

  it.each(SCENARIOS)('lints cleanly with %s', (scenario) => {
    const output = helm(['lint', CHART, '--strict', '-f', `${CHART}/ci/${scenario}`]);
    expect(output).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each(SCENARIOS)('renders %s into named, labelled objects', (scenario) => {
    const all = manifests(render([scenario]));
    expect(all.map((m) => m.kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'ConfigMap',
        'ServiceAccount',
        'ClusterRole',
      ]),
    );
    for (const manifest of all) {
      expect(manifest.metadata.name.length).toBeLessThanOrEqual(63);
      expect(manifest.metadata.labels?.['app.kubernetes.io/instance']).toBe('mcp');
    }
  });

  const bad: [string, string[], string][] = [
    ['no JWT secret while auth is on', [], 'auth.enabled is true: set auth.jwtSecret'],
    ['a short JWT secret', ['auth.jwtSecret=short'], "at '/auth/jwtSecret'"],
    [
      'an unknown RBAC preset',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'rbac.preset=god-mode'],
      "at '/rbac/preset'",
    ],
    [
      'a misspelt top-level value',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'replicas=3'],
      "additional properties 'replicas' not allowed",
    ],
    [
      'several replicas without Redis',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'replicaCount=3'],
      'replicaCount > 1 needs redis.url',
    ],
    [
      'a Redis URL that is not redis://',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'redis.url=http://redis'],
      "at '/redis/url'",
    ],
    [
      'a login-token lifetime above its maximum',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'auth.jwtExpiresIn=7d', 'auth.jwtMaxLifetime=72h'],
      'auth.jwtExpiresIn (7d) is longer than auth.jwtMaxLifetime (72h)',
    ],
    [
      'an invalid log level',
      ['auth.jwtSecret=' + 'x'.repeat(40), 'config.logLevel=loud'],
      "at '/config/logLevel'",
    ],
  ];
  it.each(bad)('refuses %s with a message that says what to fix', (_case, sets, message) => {
    expect(() => render([], sets)).toThrow(message);
  });

  it('keeps every name within 63 characters for a long release name', () => {
    const release = 'a-very-long-release-name-that-goes-on-and-on-ok';
    const all = manifests(render(['minimal-values.yaml'], [], { release }));
    for (const manifest of all) expect(manifest.metadata.name.length).toBeLessThanOrEqual(63);
    expect(all.find((m) => m.kind === 'ClusterRole')!.metadata.name).toMatch(/-read-only$/);
  });
});
