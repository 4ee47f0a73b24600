import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

import { isPasswordHash } from './password-hasher.js';

/** One local account, as read from AUTH_USERS_FILE. */
export interface LocalUser {
  name: string;
  passwordHash: string;
  roles: string[];
  /** Namespaces the user may touch; `['*']` when the file names none. */
  namespaces: string[];
}

/** The users file is unusable; the message names the file and every problem in it. */
export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

const USER_NAME = /^[A-Za-z0-9._@-]{1,128}$/;

/**
 * Reads a YAML or JSON users file: `users: [{ name, passwordHash, roles, namespaces }]`
 * (a bare list works too). Hashes are argon2id (bcrypt still accepted); create them with
 * `npm run auth:hash-password`.
 */
export function readUsersFile(path: string): LocalUser[] {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8')); // YAML is a superset of JSON
  } catch (error) {
    throw new UsersFileError(`Cannot read users file ${path}: ${(error as Error).message}`);
  }
  const entries = Array.isArray(document)
    ? document
    : (document as { users?: unknown } | null)?.users;
  if (!Array.isArray(entries)) {
    throw new UsersFileError(`Users file ${path} must contain a "users" list`);
  }
  const problems: string[] = [];
  const users = entries.map((entry, index) => parseUser(entry, `users[${index}]`, problems));
  const seen = new Set<string>();
  for (const user of users) {
    if (seen.has(user.name)) problems.push(`user "${user.name}" appears more than once`);
    seen.add(user.name);
  }
  if (problems.length > 0) {
    throw new UsersFileError(`Users file ${path} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return users;
}

function parseUser(entry: unknown, where: string, problems: string[]): LocalUser {
  const raw = (entry ?? {}) as Record<string, unknown>;
  const name = raw.name ?? raw.username;
  const passwordHash = raw.passwordHash ?? raw.password_hash;
  if (typeof name !== 'string' || !USER_NAME.test(name)) {
    problems.push(`${where}.name must be 1-128 letters, digits or . _ @ -`);
  }
  if (typeof passwordHash !== 'string' || !isPasswordHash(passwordHash)) {
    problems.push(
      `${where}.passwordHash must be an argon2id hash ($argon2id$...) or a bcrypt hash ($2b$...) of sane cost; create one with: npm run auth:hash-password`,
    );
  }
  if ('password' in raw) {
    problems.push(`${where} holds a plain "password"; store only passwordHash`);
  }
  const roles = stringList(raw.roles, `${where}.roles`, problems);
  if (roles && roles.length === 0) problems.push(`${where}.roles must name at least one role`);
  const namespaces =
    raw.namespaces === undefined
      ? ['*']
      : stringList(raw.namespaces, `${where}.namespaces`, problems);
  return {
    name: String(name),
    passwordHash: String(passwordHash),
    roles: roles ?? [],
    namespaces: namespaces ?? [],
  };
}

function stringList(value: unknown, where: string, problems: string[]): string[] | undefined {
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')) {
    return value as string[];
  }
  problems.push(`${where} must be a list of names`);
  return undefined;
}
