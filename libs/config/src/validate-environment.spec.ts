import { configurationProblems } from '../../../test/support/configuration-problems.js';

import { ConfigurationError, validateEnvironment } from './validate-environment.js';

const SECRET = 'x'.repeat(48);

const problemsOf = configurationProblems;

describe('validateEnvironment', () => {
  it('applies the documented defaults when nothing is set but the secret', () => {
    const sut = validateEnvironment({ JWT_SECRET: SECRET });
    expect(sut).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      K8S_IN_CLUSTER: false,
      K8S_NAMESPACE: 'default',
      AUTH_ENABLED: true,
      JWT_EXPIRES_IN: '24h',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'combined',
      LOG_CONSOLE: true,
    });
    expect(sut.LOG_FILE).toBeUndefined();
    expect(sut.KUBECONFIG).toBeUndefined();
  });

  it('reads every variable from its string form', () => {
    const sut = validateEnvironment({
      PORT: '8443',
      HOST: '127.0.0.1',
      K8S_IN_CLUSTER: 'yes',
      K8S_NAMESPACE: 'team-a',
      K8S_CONTEXT: 'prod',
      AUTH_ENABLED: 'false',
      JWT_EXPIRES_IN: '15m',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      LOG_FILE: '/tmp/server.log',
      LOG_CONSOLE: '0',
    });
    expect(sut).toMatchObject({
      PORT: 8443,
      HOST: '127.0.0.1',
      K8S_IN_CLUSTER: true,
      K8S_NAMESPACE: 'team-a',
      K8S_CONTEXT: 'prod',
      AUTH_ENABLED: false,
      JWT_EXPIRES_IN: '15m',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      LOG_FILE: '/tmp/server.log',
      LOG_CONSOLE: false,
    });
  });

  it('treats empty values as unset', () => {
    expect(validateEnvironment({ PORT: '', JWT_SECRET: SECRET, LOG_FILE: '' })).toMatchObject({
      PORT: 3000,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT must be a whole number between 1 and 65535 (got "abc")'],
    ['PORT', '0', 'PORT must be a whole number between 1 and 65535 (got "0")'],
    ['PORT', '70000', 'PORT must be a whole number between 1 and 65535 (got "70000")'],
    ['PORT', '30.5', 'PORT must be a whole number between 1 and 65535 (got "30.5")'],
    [
      'K8S_IN_CLUSTER',
      'maybe',
      'K8S_IN_CLUSTER must be one of true, 1, yes, on, false, 0, no, off (got "maybe")',
    ],
    ['K8S_NAMESPACE', 'Team_A', 'K8S_NAMESPACE must be a valid namespace name'],
    ['K8S_NAMESPACE', 'a'.repeat(64), 'K8S_NAMESPACE must be at most 63 characters long'],
    [
      'AUTH_ENABLED',
      'sure',
      'AUTH_ENABLED must be one of true, 1, yes, on, false, 0, no, off (got "sure")',
    ],
    [
      'JWT_EXPIRES_IN',
      'tomorrow',
      'JWT_EXPIRES_IN must be a duration such as 3600, 90s, 15m, 24h or 7d (got "tomorrow")',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL must be one of error, warn, info, debug, verbose (got "loud")',
    ],
    ['LOG_FORMAT', 'xml', 'LOG_FORMAT must be one of combined, json, simple (got "xml")'],
    [
      'LOG_CONSOLE',
      'never',
      'LOG_CONSOLE must be one of true, 1, yes, on, false, 0, no, off (got "never")',
    ],
    [
      'NODE_ENV',
      'staging',
      'NODE_ENV must be one of development, production, test (got "staging")',
    ],
    [
      'KUBECONFIG',
      '/nonexistent/kubeconfig',
      'KUBECONFIG names a file that does not exist (/nonexistent/kubeconfig)',
    ],
    [
      'METRICS_PORT',
      '9090x',
      'METRICS_PORT must be a whole number between 1 and 65535, or unset to serve /metrics on PORT (got "9090x")',
    ],
    [
      'METRICS_PORT',
      '3000',
      'METRICS_PORT must differ from PORT (both 3000); unset it to serve /metrics on PORT',
    ],
    [
      'SHUTDOWN_TIMEOUT_MS',
      '-1',
      'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 0 and 600000',
    ],
    [
      'SHUTDOWN_TIMEOUT_MS',
      '10s',
      'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds between 0 and 600000',
    ],
    [
      'HEALTH_CHECK_TIMEOUT_MS',
      '50',
      'HEALTH_CHECK_TIMEOUT_MS must be a whole number of milliseconds between 100 and 60000',
    ],
  ])('rejects %s=%s and says what is accepted', (name, value, message) => {
    const problems = problemsOf({ JWT_SECRET: SECRET, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('rejects a REDIS_URL that is not redis:// without showing it (it may hold a password)', () => {
    const problems = problemsOf({ JWT_SECRET: SECRET, REDIS_URL: 'http://:hunter2@redis:6379' });
    expect(problems).toEqual([
      expect.stringContaining('REDIS_URL must be a redis:// or rediss:// URL'),
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problemsOf({ JWT_SECRET: SECRET, REDIS_URL: 'redis//:hunter2@redis' })).toHaveLength(1);
  });

  it('reads the production runtime settings', () => {
    const sut = validateEnvironment({
      JWT_SECRET: SECRET,
      REDIS_URL: 'rediss://:pw@redis:6380/1',
      METRICS_PORT: '9464',
      SHUTDOWN_TIMEOUT_MS: '5000',
      HEALTH_CHECK_TIMEOUT_MS: '1500',
    });
    expect(sut).toMatchObject({
      REDIS_URL: 'rediss://:pw@redis:6380/1',
      METRICS_PORT: 9464,
      SHUTDOWN_TIMEOUT_MS: 5000,
      HEALTH_CHECK_TIMEOUT_MS: 1500,
    });
    expect(validateEnvironment({ JWT_SECRET: SECRET })).toMatchObject({
      SHUTDOWN_TIMEOUT_MS: 20000,
      HEALTH_CHECK_TIMEOUT_MS: 3000,
    });
  });

  it('lists every bad variable in one error', () => {
    const error = (() => {
      try {
        validateEnvironment({
          PORT: 'abc',
          LOG_LEVEL: 'loud',
          LOG_FORMAT: 'xml',
          JWT_SECRET: SECRET,
        });
      } catch (caught) {
        return caught as ConfigurationError;
      }
      throw new Error('expected a ConfigurationError');
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^Invalid configuration \(3 problems\):/);
    for (const name of ['PORT', 'LOG_LEVEL', 'LOG_FORMAT'])
      expect(error.message).toContain(`  - ${name} `);
  });

  it('requires JWT_SECRET while auth is enabled', () => {
    expect(problemsOf({})).toEqual([
      expect.stringContaining('JWT_SECRET must be set when AUTH_ENABLED is true'),
    ]);
    expect(() => validateEnvironment({ AUTH_ENABLED: 'false' })).not.toThrow();
  });

  describe('in production', () => {
    it('refuses to run without auth unless explicitly overridden', () => {
      expect(problemsOf({ NODE_ENV: 'production', AUTH_ENABLED: 'false' })).toEqual([
        expect.stringContaining('AUTH_ENABLED=false is refused in production'),
      ]);
      expect(() =>
        validateEnvironment({
          NODE_ENV: 'production',
          AUTH_ENABLED: 'false',
          ALLOW_INSECURE_PRODUCTION: 'true',
        }),
      ).not.toThrow();
    });

    it('refuses the example secret and short secrets', () => {
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'your-secret-key' })).toEqual([
        expect.stringContaining('JWT_SECRET is an example value'),
      ]);
      expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' })).toEqual([
        expect.stringContaining(
          'JWT_SECRET must be at least 32 characters long in production (got 12)',
        ),
      ]);
      expect(() =>
        validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: SECRET }),
      ).not.toThrow();
    });
  });
});
