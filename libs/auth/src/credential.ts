import type { Request } from 'express';

/** The bearer credential that authenticated a request, for routes that act on it (logout). */
export interface PresentedCredential {
  kind: 'login-token' | 'api-token';
  /** `jti` of a login token, id of an API token. */
  id: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

const CREDENTIAL = Symbol('presented credential');

type WithCredential = Request & { [CREDENTIAL]?: PresentedCredential };

export function rememberCredential(req: Request, credential: PresentedCredential): void {
  (req as WithCredential)[CREDENTIAL] = credential;
}

export function presentedCredential(req: Request): PresentedCredential | undefined {
  return (req as WithCredential)[CREDENTIAL];
}
