import { BUILT_IN_ROLES, isBuiltInRole } from '../policy/built-in-roles.js';

/**
 * Whether `role` gives no more than the roles in `held`: a role the owner holds, or a built-in
 * role below one they hold. Built-in roles nest (viewer's tools are a subset of operator's,
 * operator's of admin's) and the policy file cannot redefine them, so an operator may hand an
 * integration a viewer token. Roles from the policy file count only when held themselves.
 */
export function roleWithin(role: string, held: readonly string[]): boolean {
  if (held.includes(role)) return true;
  if (!isBuiltInRole(role)) return false;
  const rank = BUILT_IN_ROLES.indexOf(role);
  return held.some((owned) => isBuiltInRole(owned) && BUILT_IN_ROLES.indexOf(owned) >= rank);
}
