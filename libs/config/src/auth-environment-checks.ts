import { existsSync } from 'node:fs';
import { isIP } from 'node:net';

import type { EnvironmentVariables } from './environment-variables.js';
import { DURATION, durationToSeconds } from './variable-formats.js';

/** Checks that span several identity, rate-limit and transport variables. */
export function authEnvironmentProblems(env: EnvironmentVariables): string[] {
  const problems: string[] = [];
  for (const name of [
    'AUTH_USERS_FILE',
    'AUTH_POLICY_FILE',
    'TLS_CERT_FILE',
    'TLS_KEY_FILE',
  ] as const) {
    const path = env[name];
    if (path && !existsSync(path)) {
      problems.push(`${name} names a file that does not exist (${path}); fix the path or unset it`);
    }
  }
  problems.push(...tokenLifetimeProblems(env));
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    problems.push(
      'TLS_CERT_FILE and TLS_KEY_FILE must be set together (HTTPS needs both), or both unset',
    );
  }
  if (env.OIDC_ISSUER_URL && !env.OIDC_AUDIENCE) {
    problems.push(
      'OIDC_AUDIENCE must be set when OIDC_ISSUER_URL is set (the client id tokens are issued for), so tokens for other applications are refused',
    );
  }
  if (env.OIDC_AUDIENCE && !env.OIDC_ISSUER_URL) {
    problems.push('OIDC_AUDIENCE is set but OIDC_ISSUER_URL is not; set both or neither');
  }
  if (
    env.NODE_ENV === 'production' &&
    !env.ALLOW_INSECURE_PRODUCTION &&
    env.OIDC_ISSUER_URL?.startsWith('http://')
  ) {
    problems.push(
      'OIDC_ISSUER_URL must use https in production (keys fetched over http can be forged)',
    );
  }
  if (env.AUTH_PROXY_GROUPS_HEADER && !env.AUTH_PROXY_USER_HEADER) {
    problems.push('AUTH_PROXY_GROUPS_HEADER needs AUTH_PROXY_USER_HEADER; set both or neither');
  }
  if (env.AUTH_PROXY_USER_HEADER) {
    const trusted = (env.AUTH_PROXY_TRUSTED_IPS ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (trusted.length === 0) {
      problems.push(
        'AUTH_PROXY_TRUSTED_IPS must list the auth proxy addresses when AUTH_PROXY_USER_HEADER is set (otherwise anyone could claim any user)',
      );
    }
    const invalid = trusted.filter((entry) => !isAddressOrCidr(entry));
    if (invalid.length > 0) {
      problems.push(
        `AUTH_PROXY_TRUSTED_IPS must hold IP addresses or CIDR ranges such as 10.0.0.5 or 10.0.0.0/8 (not: ${invalid.join(', ')})`,
      );
    }
  }
  return problems;
}

function tokenLifetimeProblems(env: EnvironmentVariables): string[] {
  const seconds = (value: string): number | undefined =>
    DURATION.test(value) ? durationToSeconds(value) : undefined;
  const expiresIn = seconds(env.JWT_EXPIRES_IN);
  const maximum = seconds(env.JWT_MAX_LIFETIME);
  const problems: string[] = [];
  if (expiresIn !== undefined && maximum !== undefined && expiresIn > maximum) {
    problems.push(
      `JWT_EXPIRES_IN (${env.JWT_EXPIRES_IN}) is longer than JWT_MAX_LIFETIME (${env.JWT_MAX_LIFETIME}); shorten it, or raise JWT_MAX_LIFETIME knowingly (integrations that need long-lived credentials: POST /auth/tokens)`,
    );
  }
  for (const name of [
    'JWT_EXPIRES_IN',
    'JWT_MAX_LIFETIME',
    'AUTH_API_TOKEN_MAX_LIFETIME',
  ] as const) {
    if (seconds(env[name]) === 0)
      problems.push(`${name} must be longer than 0 (got "${env[name]}")`);
  }
  return problems;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (prefix === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && Number(prefix) <= max;
}
