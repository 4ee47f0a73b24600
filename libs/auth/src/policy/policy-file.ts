import {
  POD_SECURITY_LEVELS,
  TOOL_HINTS,
  type PodSecurityLevel,
  type ToolHint,
  type UnconfirmedCall,
} from '#mcp';
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
  annotations?: Partial<Record<ToolHint, boolean>>;
  /** Namespaces the role is limited to; unset: no limit beyond the identity's own. */
  namespaces?: string[];
  /** Show Secret values; unset: inherited (false unless an extended role has it). */
  revealSecrets?: boolean;
  /** Write Secrets (also dry runs and diffs); unset: inherited (only admin has it). */
  writeSecrets?: boolean;
  /** Write RBAC objects; unset: inherited (only admin has it). */
  writeRbac?: boolean;
  /** Pod Security Standards level for written pods; unset: inherited (admin privileged, others baseline). */
  podSecurity?: PodSecurityLevel;
  confirm?: PolicyConfirmation;
}

/** Confirmation rules of a role; unset parts are inherited. */
export interface PolicyConfirmation {
  /** Tools that ask before every call, on top of destructive and broad calls. */
  tools?: string[];
  /** When the client cannot be asked: allow or refuse, by tool name and '*' for the rest. */
  withoutElicitation?: Record<string, UnconfirmedCall>;
}

export class PolicyFileError extends Error {
  override name = 'PolicyFileError';
}

const UNCONFIRMED_CALLS: readonly UnconfirmedCall[] = ['allow', 'refuse'];
const ROLE_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/**
 * Reads roles from a YAML/JSON policy file:
 *   roles:
 *     - name: deployer
 *       extends: [viewer]
 *       tools: [kubectl_apply]
 *       annotations: { idempotentHint: true }
 *       namespaces: [team-a]
 *       revealSecrets: false
 *       writeSecrets: false
 *       writeRbac: false
 *       podSecurity: restricted
 *       confirm: { tools: [kubectl_apply], withoutElicitation: { '*': refuse, kubectl_scale: allow } }
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
  for (const flag of ['revealSecrets', 'writeSecrets', 'writeRbac'] as const) {
    if (raw[flag] === undefined) continue;
    if (typeof raw[flag] === 'boolean') role[flag] = raw[flag];
    else problems.push(`${where}.${flag} must be true or false`);
  }
  if (raw.podSecurity !== undefined) {
    if (POD_SECURITY_LEVELS.includes(raw.podSecurity as PodSecurityLevel))
      role.podSecurity = raw.podSecurity as PodSecurityLevel;
    else problems.push(`${where}.podSecurity must be one of ${POD_SECURITY_LEVELS.join(', ')}`);
  }
  if (raw.confirm !== undefined) role.confirm = parseConfirmation(raw.confirm, where, problems);
  const known = [
    'name',
    'extends',
    'tools',
    'annotations',
    'namespaces',
    'revealSecrets',
    'writeSecrets',
    'writeRbac',
    'podSecurity',
    'confirm',
  ];
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
    if (!(TOOL_HINTS as readonly string[]).includes(key) || typeof flag !== 'boolean') {
      problems.push(
        `${where}.annotations.${key} must be one of ${TOOL_HINTS.join(', ')} set to true or false`,
      );
      continue;
    }
    result[key as ToolHint] = flag;
  }
  return result;
}

function parseConfirmation(value: unknown, where: string, problems: string[]): PolicyConfirmation {
  const raw = (value ?? {}) as Record<string, unknown>;
  const result: PolicyConfirmation = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${where}.confirm must be a mapping with tools and/or withoutElicitation`);
    return result;
  }
  if (raw.tools !== undefined) {
    if (Array.isArray(raw.tools) && raw.tools.every((tool) => typeof tool === 'string' && tool))
      result.tools = raw.tools as string[];
    else problems.push(`${where}.confirm.tools must be a list of tool names`);
  }
  const without = raw.withoutElicitation;
  if (typeof without === 'string') {
    result.withoutElicitation = { '*': without as UnconfirmedCall };
  } else if (without && typeof without === 'object' && !Array.isArray(without)) {
    result.withoutElicitation = without as Record<string, UnconfirmedCall>;
  } else if (without !== undefined) {
    result.withoutElicitation = { '*': String(without) as UnconfirmedCall };
  }
  for (const [tool, answer] of Object.entries(result.withoutElicitation ?? {})) {
    if (!UNCONFIRMED_CALLS.includes(answer))
      problems.push(
        `${where}.confirm.withoutElicitation${tool === '*' ? '' : `.${tool}`} must be allow or refuse`,
      );
  }
  Object.keys(raw)
    .filter((key) => key !== 'tools' && key !== 'withoutElicitation')
    .forEach((key) =>
      problems.push(
        `${where}.confirm.${key} is not a confirmation field (expected tools, withoutElicitation)`,
      ),
    );
  return result;
}
