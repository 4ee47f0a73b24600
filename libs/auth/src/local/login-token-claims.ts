const SIGN_IN_AGAIN = 'sign in again with POST /auth/login';

/** Claims of a verified login token, as far as the checks below need them. */
export interface LoginTokenPayload {
  sub?: unknown;
  iat?: unknown;
  exp?: unknown;
  jti?: unknown;
}

/**
 * Why a login token whose signature, issuer and audience are already verified must still be
 * refused: tokens of this server always carry `exp`, `iat` and `jti`, and live at most
 * JWT_MAX_LIFETIME. Anything else was not issued under the current rules (or was forged with
 * a leaked key) and would live too long. Returns undefined when the claims are acceptable.
 */
export function loginTokenProblem(
  payload: LoginTokenPayload,
  maxLifetimeSeconds: number,
  nowSeconds: number,
  clockToleranceSeconds = 5,
): string | undefined {
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    return `Token names no user (sub); ${SIGN_IN_AGAIN}`;
  }
  if (typeof payload.exp !== 'number') {
    return `Token has no expiry (exp), and tokens without one are refused; ${SIGN_IN_AGAIN}`;
  }
  if (typeof payload.iat !== 'number') {
    return `Token has no issue time (iat), so its lifetime cannot be checked; ${SIGN_IN_AGAIN}`;
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') {
    return `Token has no id (jti), so it could not be revoked; ${SIGN_IN_AGAIN}`;
  }
  if (payload.iat > nowSeconds + clockToleranceSeconds) {
    return `Token was issued in the future (iat); ${SIGN_IN_AGAIN}`;
  }
  const lifetime = payload.exp - payload.iat;
  if (lifetime > maxLifetimeSeconds) {
    return `Token lifetime (${describeSeconds(lifetime)}) is longer than this server allows (JWT_MAX_LIFETIME, ${describeSeconds(maxLifetimeSeconds)}); ${SIGN_IN_AGAIN}`;
  }
  return undefined;
}

function describeSeconds(seconds: number): string {
  const round = (value: number): number => Math.round(value * 10) / 10;
  if (seconds >= 86400) return `${round(seconds / 86400)} d`;
  if (seconds >= 3600) return `${round(seconds / 3600)} h`;
  return `${seconds} s`;
}
