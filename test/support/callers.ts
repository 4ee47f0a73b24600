import { AppConfig } from '#config';
import { AccessPolicy, CallerFactory } from '#auth';
import type { Caller } from '#mcp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A caller as the auth layer builds it (capabilities from its roles and, when given, a policy
 * file), for tests that call tools directly.
 */
export function callerWithRoles(
  subject: string,
  roles: string[],
  namespaces: string[] = ['*'],
  env: Record<string, string> = {},
): Caller {
  const config = AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', ...env });
  return new CallerFactory(config, new AccessPolicy(config)).fromIdentity({
    subject,
    roles,
    namespaces,
  });
}

/** Writes an AUTH_POLICY_FILE with the given YAML and returns its path. */
export function writePolicyFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcp-policy-')), 'policy.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** A policy role that is admin plus the right to see Secret values. */
export const SECRET_ADMIN_POLICY = `
roles:
  - name: secret-admin
    extends: [admin]
    revealSecrets: true
`;
