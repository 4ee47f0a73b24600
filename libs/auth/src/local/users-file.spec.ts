import { hashSync } from '@node-rs/bcrypt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readUsersFile, UsersFileError } from './users-file.js';

const HASH = hashSync('a-long-password', 4);

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'auth-users-')), name);
  writeFileSync(path, content);
  return path;
}

describe('readUsersFile', () => {
  it('reads YAML and JSON, defaulting namespaces to all', () => {
    const yaml = file(
      'u.yaml',
      `users:\n  - name: ann\n    passwordHash: "${HASH}"\n    roles: [viewer]\n`,
    );
    expect(readUsersFile(yaml)).toEqual([
      { name: 'ann', passwordHash: HASH, roles: ['viewer'], namespaces: ['*'] },
    ]);
    const json = file(
      'u.json',
      JSON.stringify([
        { username: 'bo', password_hash: HASH, roles: ['admin'], namespaces: ['ops'] },
      ]),
    );
    expect(readUsersFile(json)).toEqual([
      { name: 'bo', passwordHash: HASH, roles: ['admin'], namespaces: ['ops'] },
    ]);
  });

  it.each([
    [`users: [{ name: ann, password: hunter2, roles: [viewer] }]`, 'holds a plain "password"'],
    [
      `users: [{ name: ann, passwordHash: md5-abc, roles: [viewer] }]`,
      'must be an argon2id hash ($argon2id$...) or a bcrypt hash',
    ],
    [`users: [{ name: "a b", passwordHash: "${HASH}", roles: [viewer] }]`, 'users[0].name must be'],
    [`users: [{ name: ann, passwordHash: "${HASH}", roles: [] }]`, 'must name at least one role'],
    [
      `users: [{ name: ann, passwordHash: "${HASH}", roles: viewer }]`,
      'roles must be a list of names',
    ],
    [
      `users: [{ name: ann, passwordHash: "${HASH}", roles: [viewer] }, { name: ann, passwordHash: "${HASH}", roles: [viewer] }]`,
      'appears more than once',
    ],
    ['accounts: []', 'must contain a "users" list'],
    ['users: [', 'Cannot read users file'],
  ])('refuses %s', (content, message) => {
    const path = file('bad.yaml', content);
    expect(() => readUsersFile(path)).toThrow(UsersFileError);
    expect(() => readUsersFile(path)).toThrow(message);
  });

  it('never echoes a plain password found in the file', () => {
    const path = file(
      'bad.yaml',
      'users: [{ name: ann, password: hunter2-secret, roles: [viewer] }]',
    );
    expect(() => readUsersFile(path)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
