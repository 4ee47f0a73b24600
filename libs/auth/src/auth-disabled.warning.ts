import { ANONYMOUS_ADMIN } from '#mcp';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Warns loudly, through the application's logger, that every request runs as an admin.
 * Provided only when AUTH_ENABLED=false.
 */
@Injectable()
export class AuthDisabledWarning implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new Logger('Auth').warn(
      `AUTH IS DISABLED (AUTH_ENABLED=false): every request acts as "${ANONYMOUS_ADMIN.subject}" with the admin role. Use this only on a trusted local machine.`,
    );
  }
}
