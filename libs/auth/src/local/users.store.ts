import { AppConfig } from '#config';
import { Injectable, Logger } from '@nestjs/common';

import { readUsersFile, type LocalUser } from './users-file.js';

/**
 * The local accounts from AUTH_USERS_FILE, read once at start-up (a broken file stops the
 * server with a message naming every problem). There is no built-in account.
 */
@Injectable()
export class UsersStore {
  private readonly logger = new Logger('Auth');
  private readonly users: ReadonlyMap<string, LocalUser>;

  constructor(config: AppConfig) {
    const path = config.auth.usersFile;
    const users = path ? readUsersFile(path) : [];
    this.users = new Map(users.map((user) => [user.name, user]));
    if (path) this.logger.log(`Loaded ${users.length} local account(s) from ${path}`);
  }

  get configured(): boolean {
    return this.users.size > 0;
  }

  find(name: string): LocalUser | undefined {
    return this.users.get(name);
  }
}
