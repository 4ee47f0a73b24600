import { jest } from '@jest/globals';
import { AppConfig } from '#config';
import { Logger } from '@nestjs/common';
import { hashSync } from '@node-rs/bcrypt';
import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { UsersStore } from './users.store.js';

const HASH = hashSync('a-long-password', 4);

function usersYaml(users: { name: string; roles: string[]; namespaces?: string[] }[]): string {
  return stringify({ users: users.map((user) => ({ ...user, passwordHash: HASH })) });
}

function storeFor(path: string): UsersStore {
  const config = AppConfig.fromEnvironment({
    JWT_SECRET: 'x'.repeat(48),
    AUTH_USERS_FILE: path,
    LOG_CONSOLE: 'false',
  });
  return new UsersStore(config);
}

describe('UsersStore', () => {
  let dir: string;
  let path: string;
  let logs: ReturnType<typeof jest.spyOn>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'users-store-'));
    path = join(dir, 'users.yaml');
    writeFileSync(path, usersYaml([{ name: 'ann', roles: ['operator'], namespaces: ['team-a'] }]));
    logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const rereads = (): number =>
    logs.mock.calls.filter((call: unknown[]) => String(call[0]).startsWith('Users file changed'))
      .length;

  it('gives the roles and namespaces of the file as it is now, after an edit in place', () => {
    const sut = storeFor(path);
    expect(sut.find('ann')).toMatchObject({ roles: ['operator'], namespaces: ['team-a'] });
    writeFileSync(path, usersYaml([{ name: 'ann', roles: ['viewer'], namespaces: ['team-b'] }]));
    expect(sut.find('ann')).toMatchObject({ roles: ['viewer'], namespaces: ['team-b'] });
  });

  it('forgets a removed user at once, also when an editor replaces the file by renaming', () => {
    const sut = storeFor(path);
    const replacement = join(dir, '.users.yaml.swp');
    writeFileSync(replacement, usersYaml([{ name: 'bob', roles: ['viewer'] }]));
    renameSync(replacement, path);
    expect(sut.find('ann')).toBeUndefined();
    expect(sut.find('bob')).toMatchObject({ roles: ['viewer'] });
  });

  it('follows a Kubernetes Secret volume, where the file is a symlink that is flipped', () => {
    const first = join(dir, '..2026_01');
    const second = join(dir, '..2026_02');
    writeFileSync(first, usersYaml([{ name: 'ann', roles: ['admin'] }]));
    writeFileSync(second, usersYaml([{ name: 'carl', roles: ['viewer'] }]));
    const link = join(dir, 'mounted.yaml');
    symlinkSync(first, link);
    const sut = storeFor(link);
    expect(sut.find('ann')).toBeDefined();
    const next = join(dir, 'mounted.tmp');
    symlinkSync(second, next);
    renameSync(next, link);
    expect(sut.find('ann')).toBeUndefined();
    expect(sut.find('carl')).toBeDefined();
  });

  it('does not read the file again while it is unchanged', () => {
    const sut = storeFor(path);
    for (let i = 0; i < 1000; i++) sut.find('ann');
    expect(rereads()).toBe(0);
    writeFileSync(
      path,
      usersYaml([
        { name: 'ann', roles: ['viewer'] },
        { name: 'dee', roles: ['viewer'] },
      ]),
    );
    for (let i = 0; i < 1000; i++) sut.find('ann');
    expect(rereads()).toBe(1);
  });

  it('refuses everyone once the file is deleted', () => {
    const sut = storeFor(path);
    rmSync(path);
    expect(sut.find('ann')).toBeUndefined();
    expect(sut.configured).toBe(false);
  });

  it('keeps the last good accounts while a changed file is broken, and reports it once', () => {
    const sut = storeFor(path);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    writeFileSync(path, 'users: [ { name: ann, roles: [');
    expect(sut.find('ann')).toMatchObject({ roles: ['operator'] });
    expect(sut.find('ann')).toBeDefined();
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toContain('keeping the previous accounts');
    writeFileSync(path, usersYaml([{ name: 'ann', roles: ['viewer'] }]));
    expect(sut.find('ann')).toMatchObject({ roles: ['viewer'] });
  });

  it('has no accounts without a users file', () => {
    const sut = new UsersStore(
      AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(48), LOG_CONSOLE: 'false' }),
    );
    expect(sut.configured).toBe(false);
    expect(sut.find('admin')).toBeUndefined();
  });
});
