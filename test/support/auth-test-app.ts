import { AuthModule, Public, Roles } from '#auth';
import { AppConfig, ConfigModule } from '#config';
import type { Caller } from '#mcp';
import { Controller, Get, type INestApplication, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import bcrypt from 'bcryptjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const TEST_SECRET = 'unit-test-secret-that-is-long-enough-0123456789';
export const PASSWORDS = {
  alice: 'alice-password-1',
  viewer: 'viewer-password-1',
  noroles: 'x-password-1',
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

/** Writes a users file with a few accounts (cheap bcrypt cost, test only). */
export function writeUsersFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'auth-users-'));
  const path = join(dir, 'users.yaml');
  const hash = (password: string): string => bcrypt.hashSync(password, 4);
  writeFileSync(
    path,
    stringify({
      users: [
        {
          name: 'alice',
          passwordHash: hash(PASSWORDS.alice),
          roles: ['operator'],
          namespaces: ['team-a'],
        },
        { name: 'vera', passwordHash: hash(PASSWORDS.viewer), roles: ['viewer'] },
      ],
    }),
  );
  return path;
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
