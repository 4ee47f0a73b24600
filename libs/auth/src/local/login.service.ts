import {
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type OnModuleInit,
} from '@nestjs/common';

import { AuditLogger } from '../audit/audit.logger.js';
import type { LoginDto, LoginResponse } from './login.dto.js';
import { LoginTokenService } from './login-token.service.js';
import { PasswordChecksBusyError } from './check-slots.js';
import { dummyHashLike, verifyPassword } from './password-hasher.js';
import { UsersStore } from './users.store.js';

// One message for unknown user and wrong password, so the answer does not reveal which names exist.
const BAD_CREDENTIALS = 'Invalid username or password';
const NO_ACCOUNTS =
  'Local login is not configured (AUTH_USERS_FILE is unset); sign in through your identity provider instead';

/**
 * Checks local credentials and issues a token; every attempt is audited. Password checks run
 * on the thread pool (see password-hasher.ts), never on the event loop.
 */
@Injectable()
export class LoginService implements OnModuleInit {
  constructor(
    private readonly users: UsersStore,
    private readonly tokens: LoginTokenService,
    private readonly audit: AuditLogger,
  ) {}

  /** Prepares the stand-in hash for unknown names now, so the first such login is not slower. */
  async onModuleInit(): Promise<void> {
    await dummyHashLike(this.users.anyPasswordHash());
  }

  async login(credentials: LoginDto, sourceIp: string | undefined): Promise<LoginResponse> {
    const started = Date.now();
    if (!this.users.configured) {
      this.audit.login({
        user: credentials.username,
        sourceIp,
        outcome: 'refused',
        reason: 'no local accounts',
        started,
      });
      throw new UnauthorizedException(NO_ACCOUNTS);
    }
    const user = this.users.find(credentials.username);
    let valid: boolean;
    try {
      valid = await verifyPassword(
        credentials.password,
        user?.passwordHash,
        this.users.anyPasswordHash(),
      );
    } catch (error) {
      if (!(error instanceof PasswordChecksBusyError)) throw error;
      this.audit.login({
        user: credentials.username,
        sourceIp,
        outcome: 'error',
        reason: 'too many logins at once',
        started,
      });
      throw new ServiceUnavailableException(`Too many logins at once: ${error.message}`);
    }
    if (!user || !valid) {
      this.audit.login({
        user: credentials.username,
        sourceIp,
        outcome: 'refused',
        reason: user ? 'wrong password' : 'unknown user',
        started,
      });
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    const response = await this.tokens.issue(user);
    this.audit.login({ user: user.name, roles: user.roles, sourceIp, outcome: 'success', started });
    return response;
  }
}
