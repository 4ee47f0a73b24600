import {
  POD_SECURITY_LEVELS,
  type CallerCapabilities,
  type PodSecurityLevel,
  type UnconfirmedCall,
  unconfirmedCall as unconfirmed,
} from '#mcp';

import { BUILT_IN_CAPABILITIES, isBuiltInRole } from './built-in-roles.js';
import type { PolicyRole } from './policy-file.js';

/** A caller without any known role: nothing. */
export const NO_CAPABILITIES: CallerCapabilities = Object.freeze({
  tools: [],
  revealSecrets: false,
  writeSecrets: false,
  writeRbac: false,
  podSecurity: 'restricted',
  confirmation: { alwaysAsk: [], withoutElicitation: { '*': 'refuse' } },
}) as CallerCapabilities;

/** Capabilities a non-admin role starts from before its own fields. */
const ROLE_BASE: CallerCapabilities = {
  ...NO_CAPABILITIES,
  podSecurity: 'baseline',
};

/**
 * A policy-file role: what its extended built-in roles have, plus its own tools, with its own
 * fields replacing the inherited ones. `extends: [admin]` alone gives exactly admin.
 */
export function policyRoleCapabilities(role: PolicyRole): CallerCapabilities {
  const bases = role.extends.filter(isBuiltInRole).map((base) => BUILT_IN_CAPABILITIES[base]);
  const inherited = bases.length ? combineCapabilities(bases) : ROLE_BASE;
  const ownTools = [
    ...(role.tools.length ? [{ tools: [...role.tools] }] : []),
    ...(Object.keys(role.annotations ?? {}).length
      ? [{ annotations: { ...role.annotations } }]
      : []),
  ];
  return {
    tools: [...inherited.tools, ...ownTools],
    revealSecrets: role.revealSecrets ?? inherited.revealSecrets,
    writeSecrets: role.writeSecrets ?? inherited.writeSecrets,
    writeRbac: role.writeRbac ?? inherited.writeRbac,
    podSecurity: role.podSecurity ?? inherited.podSecurity,
    confirmation: {
      alwaysAsk: role.confirm?.tools ?? inherited.confirmation.alwaysAsk,
      withoutElicitation: {
        ...inherited.confirmation.withoutElicitation,
        ...role.confirm?.withoutElicitation,
      },
    },
  };
}

/**
 * A caller with several roles may do what any of them may: tools and flags are united, the
 * most permissive Pod Security level wins, and an unconfirmed call is allowed when any role
 * allows it. Tools any role always asks about stay asked about.
 */
export function combineCapabilities(all: CallerCapabilities[]): CallerCapabilities {
  if (all.length === 0) return NO_CAPABILITIES;
  if (all.length === 1) return all[0]!;
  const toolNames = new Set(all.flatMap((one) => Object.keys(one.confirmation.withoutElicitation)));
  toolNames.add('*');
  const withoutElicitation: Record<string, UnconfirmedCall> = {};
  for (const tool of toolNames) {
    withoutElicitation[tool] = all.some((one) => unconfirmed(one.confirmation, tool) === 'allow')
      ? 'allow'
      : 'refuse';
  }
  return {
    tools: all.flatMap((one) => one.tools),
    revealSecrets: all.some((one) => one.revealSecrets),
    writeSecrets: all.some((one) => one.writeSecrets),
    writeRbac: all.some((one) => one.writeRbac),
    podSecurity: mostPermissive(all.map((one) => one.podSecurity)),
    confirmation: {
      alwaysAsk: [...new Set(all.flatMap((one) => one.confirmation.alwaysAsk))],
      withoutElicitation,
    },
  };
}

function mostPermissive(levels: PodSecurityLevel[]): PodSecurityLevel {
  return POD_SECURITY_LEVELS.find((level) => levels.includes(level)) ?? 'restricted';
}
