import { AuthModule, Public, Roles } from '#auth';
import { AppConfig, ConfigModule } from '#config';
import type { Caller } from '#mcp';
import { Controller, Get, type INestApplication, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { hashSync } from '@node-rs/bcrypt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const TEST_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
export const PASSWORDS = {
  alice: 'alice-password-1',
  viewer: 'viewer-password-1',
  noroles: 'x-password-1',
  adam: 'adam-password-1',
  uma: 'uma-password-1',
};

@Controller('probe')
class ProbeController {
  @Get('whoami')
  whoami(@Req() req: { user: Caller }): Caller {
    return req.user;
  }

  @Roles('admin')
  @Get('admin-only')
  adminOnly(): { ok: true } {
    return { ok: true };
  }

  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }
}

export interface TestUser {
  name: string;
  passwordHash: string;
  roles: string[];
  namespaces?: string[];
}

const hash = (password: string): string => hashSync(password, 4);

/** The accounts of the test users file (cheap bcrypt cost, test only). */
export const TEST_USERS: TestUser[] = [
  {
    name: 'alice',
    passwordHash: hash(PASSWORDS.alice),
    roles: ['operator'],
    namespaces: ['team-a'],
  },
  { name: 'vera', passwordHash: hash(PASSWORDS.viewer), roles: ['viewer'] },
  { name: 'adam', passwordHash: hash(PASSWORDS.adam), roles: ['admin'] },
  { name: 'uma', passwordHash: hash(PASSWORDS.uma), roles: ['superuser'] },
];

/** Writes `users` (by default TEST_USERS) to `path`, or to a new file; returns the path. */
export function writeUsersFile(users: TestUser[] = TEST_USERS, path?: string): string {
  const target = path ?? join(mkdtempSync(join(tmpdir(), 'auth-users-')), 'users.yaml');
  writeFileSync(target, stringify({ users }));
  return target;
}

/** Boots ConfigModule + AuthModule + a probe controller (no Kubernetes needed) on supertest. */
export async function authTestApp(
  env: Record<string, string | undefined> = {},
): Promise<{ app: INestApplication; config: AppConfig }> {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    AUTH_ENABLED: 'true',
    JWT_SECRET: TEST_SECRET,
    AUTH_USERS_FILE: writeUsersFile(),
    LOG_CONSOLE: 'false',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), AuthModule.forRoot(config)],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return { app, config };
}
