import type { Request } from 'express';
import { Strategy } from 'passport-strategy';

type Done = (error: unknown, user?: unknown, info?: unknown) => void;

/**
 * A passport strategy that hands the whole request to a verify callback (Nest's
 * PassportStrategy wires `validate(req)` in as that callback). Used for OIDC bearer tokens
 * and auth-proxy headers, which passport-jwt cannot verify.
 */
export class RequestStrategy extends Strategy {
  constructor(private readonly verifyRequest: (req: Request, done: Done) => void) {
    super();
  }

  override authenticate(req: Request): void {
    this.verifyRequest(req, (error, user, info) => {
      if (error) return this.error(error as Error);
      if (!user) return this.fail(info, 401);
      this.success(user as Express.User);
    });
  }
}
