import { AppConfig } from '#config';
import { Injectable, Logger } from '@nestjs/common';
import { statSync, type Stats } from 'node:fs';

import { readUsersFile, type LocalUser } from './users-file.js';

/**
 * The local accounts from AUTH_USERS_FILE. Read at start-up (a broken file stops the server
 * with a message naming every problem), then again whenever the file changes, so removing a
 * user or changing their roles takes effect on their next request.
 *
 * Each look-up costs one stat() of the path, which follows symlinks: a file rewritten in place,
 * replaced by an editor's rename, or swapped by a Kubernetes Secret volume (a symlink flip) all
 * show a new inode, size or modification time. The file is parsed only then. A file that
 * becomes unreadable keeps the last good accounts (an editor may be half-way through a save)
 * and is logged; a file that disappears removes every account. There is no built-in account.
 */
@Injectable()
export class UsersStore {
  private readonly logger = new Logger('Auth');
  private readonly path?: string;
  private users: ReadonlyMap<string, LocalUser> = new Map();
  private version = '';

  constructor(config: AppConfig) {
    this.path = config.auth.usersFile;
    if (!this.path) return;
    this.load(readUsersFile(this.path), versionOf(statSync(this.path)));
    this.logger.log(`Loaded ${this.users.size} local account(s) from ${this.path}`);
  }

  get configured(): boolean {
    this.refresh();
    return this.users.size > 0;
  }

  /** The account as the users file gives it now. */
  find(name: string): LocalUser | undefined {
    this.refresh();
    return this.users.get(name);
  }

  /** One account's hash: the cost model for checks of names that are not accounts. */
  anyPasswordHash(): string | undefined {
    this.refresh();
    return this.users.values().next().value?.passwordHash;
  }

  private refresh(): void {
    if (!this.path) return;
    let stats: Stats | undefined;
    try {
      stats = statSync(this.path);
    } catch {
      stats = undefined;
    }
    const version = stats ? versionOf(stats) : 'missing';
    if (version === this.version) return;
    if (!stats) {
      this.logger.warn(`Users file ${this.path} is gone: every local account is now refused`);
      this.load([], version);
      return;
    }
    try {
      this.load(readUsersFile(this.path), version);
      this.logger.log(`Users file changed: ${this.users.size} local account(s) from ${this.path}`);
    } catch (error) {
      // Remember the version so a broken file is reported once, not on every request.
      this.version = version;
      this.logger.error(
        `Users file changed but cannot be used; keeping the previous accounts until it is fixed. ${(error as Error).message}`,
      );
    }
  }

  private load(users: LocalUser[], version: string): void {
    this.users = new Map(users.map((user) => [user.name, user]));
    this.version = version;
  }
}

function versionOf(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}
