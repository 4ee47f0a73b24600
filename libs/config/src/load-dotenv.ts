import { config as dotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Loads variables from a .env file (ENV_FILE, or ./.env) into process.env without
 * overriding variables that are already set. Returns the file used, if any.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = resolve(env.ENV_FILE ?? '.env');
  if (!existsSync(path)) return undefined;
  dotenv({ path, processEnv: env as Record<string, string>, override: false, quiet: true });
  return path;
}
