import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

import { BUILT_IN_ROLES, isBuiltInRole } from './built-in-roles.js';

/** A role added by AUTH_POLICY_FILE. */
export interface PolicyRole {
  name: string;
  /** Built-in roles whose tools this role also allows. */
  extends: string[];
  /** Tools allowed by name. */
  tools: string[];
  /** Tools allowed when every listed annotation has the listed value, e.g. { readOnlyHint: true }. */
  annotations?: Partial<Record<AnnotationName, boolean>>;
  /** Namespaces the role is limited to; unset: no limit beyond the identity's own. */
  namespaces?: string[];
}

export class PolicyFileError extends Error {
  override name = 'PolicyFileError';
}

const ANNOTATION_NAMES = [
  'readOnlyHint',
  'destructiveHint',
  'idempotentHint',
  'openWorldHint',
] as const;
type AnnotationName = (typeof ANNOTATION_NAMES)[number];
const ROLE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/**
 * Reads roles from a YAML/JSON policy file:
 *   roles:
 *     - name: deployer
 *       extends: [viewer]
 *       tools: [kubectl_apply]
 *       annotations: { idempotentHint: true }
 *       namespaces: [team-a]
 */
export function readPolicyFile(path: string): PolicyRole[] {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(`Cannot read policy file ${path}: ${(error as Error).message}`);
  }
  const entries = (document as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(entries))
    throw new PolicyFileError(`Policy file ${path} must contain a "roles" list`);
  const problems: string[] = [];
  const roles = entries.map((entry, index) => parseRole(entry, `roles[${index}]`, problems));
  const names = roles.map((role) => role.name);
  names
    .filter((name, index) => names.indexOf(name) !== index)
    .forEach((name) => problems.push(`role "${name}" is defined twice`));
  if (problems.length > 0) {
    throw new PolicyFileError(`Policy file ${path} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  return roles;
}

function parseRole(entry: unknown, where: string, problems: string[]): PolicyRole {
  const raw = (entry ?? {}) as Record<string, unknown>;
  const name = String(raw.name ?? '');
  if (!ROLE_NAME.test(name))
    problems.push(`${where}.name must be a lower-case role name such as deployer`);
  if (isBuiltInRole(name))
    problems.push(`${where}.name "${name}" is a built-in role and cannot be redefined`);
  const list = (key: string): string[] => {
    const value = raw[key] ?? [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== ''))
      return value;
    problems.push(`${where}.${key} must be a list of names`);
    return [];
  };
  const extendsRoles = list('extends');
  extendsRoles
    .filter((role) => !isBuiltInRole(role))
    .forEach((role) =>
      problems.push(`${where}.extends may name only ${BUILT_IN_ROLES.join(', ')} (not "${role}")`),
    );
  const role: PolicyRole = { name, extends: extendsRoles, tools: list('tools') };
  if (raw.annotations !== undefined)
    role.annotations = parseAnnotations(raw.annotations, where, problems);
  if (raw.namespaces !== undefined) role.namespaces = list('namespaces');
  const known = ['name', 'extends', 'tools', 'annotations', 'namespaces'];
  Object.keys(raw)
    .filter((key) => !known.includes(key))
    .forEach((key) =>
      problems.push(`${where}.${key} is not a role field (expected ${known.join(', ')})`),
    );
  return role;
}

function parseAnnotations(
  value: unknown,
  where: string,
  problems: string[],
): PolicyRole['annotations'] {
  const result: PolicyRole['annotations'] = {};
  for (const [key, flag] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (!(ANNOTATION_NAMES as readonly string[]).includes(key) || typeof flag !== 'boolean') {
      problems.push(
        `${where}.annotations.${key} must be one of ${ANNOTATION_NAMES.join(', ')} set to true or false`,
      );
      continue;
    }
    result[key as AnnotationName] = flag;
  }
  return result;
}
