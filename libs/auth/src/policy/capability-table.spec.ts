import { AppConfig } from '#config';
import { mayCallTool, unconfirmedCall, type Caller, type CallerCapabilities } from '#mcp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallerFactory } from '../caller.factory.js';
import { AccessPolicy } from './access-policy.js';

// One tool of each annotation shape the built-in roles are decided by.
const TOOLS = [
  { name: 'kubectl_get', annotations: { readOnlyHint: true, destructiveHint: false } },
  { name: 'kubectl_apply', annotations: { readOnlyHint: false, destructiveHint: false } },
  { name: 'kubectl_delete', annotations: { readOnlyHint: false, destructiveHint: true } },
  { name: 'kubectl_exec', annotations: {} },
];

/** Every capability of a caller as one comparable row. */
function row(capabilities: CallerCapabilities, namespaces: string[]) {
  return {
    tools: TOOLS.filter((tool) => mayCallTool(capabilities, tool)).map((tool) => tool.name),
    namespaces,
    revealSecrets: capabilities.revealSecrets,
    writeSecrets: capabilities.writeSecrets,
    writeRbac: capabilities.writeRbac,
    podSecurity: capabilities.podSecurity,
    alwaysAsk: capabilities.confirmation.alwaysAsk,
    deleteWithoutElicitation: unconfirmedCall(capabilities.confirmation, 'kubectl_delete'),
    scaleWithoutElicitation: unconfirmedCall(capabilities.confirmation, 'kubectl_scale'),
  };
}

const POLICY = `
roles:
  - name: admin-alias
    extends: [admin]
  - name: operator-alias
    extends: [operator]
  - name: viewer-alias
    extends: [viewer]
  - name: team-admin
    extends: [admin]
    namespaces: [team-a]
  - name: secret-reader
    extends: [viewer]
    revealSecrets: true
  - name: secret-admin
    extends: [admin]
    revealSecrets: true
  - name: strict-operator
    extends: [operator]
    podSecurity: restricted
    confirm:
      tools: [kubectl_apply]
      withoutElicitation: { kubectl_scale: allow }
  - name: careful-admin
    extends: [admin]
    podSecurity: baseline
    writeRbac: false
    writeSecrets: false
    confirm: { withoutElicitation: refuse }
  - name: rbac-writer
    tools: [kubectl_apply]
    writeRbac: true
    writeSecrets: true
`;

function callersWithPolicy(): (roles: string[], namespaces?: string[]) => Caller {
  const path = join(mkdtempSync(join(tmpdir(), 'capabilities-')), 'policy.yaml');
  writeFileSync(path, POLICY);
  const config = AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', AUTH_POLICY_FILE: path });
  const sut = new CallerFactory(config, new AccessPolicy(config));
  return (roles, namespaces = ['*']) => sut.fromIdentity({ subject: 'u', roles, namespaces });
}

describe('capabilities computed once per caller', () => {
  const callerWith = callersWithPolicy();
  const table = (roles: string[]) => {
    const caller = callerWith(roles);
    return row(caller.capabilities, caller.namespaces);
  };

  const viewer = {
    tools: ['kubectl_get'],
    namespaces: ['*'],
    revealSecrets: false,
    writeSecrets: false,
    writeRbac: false,
    podSecurity: 'baseline',
    alwaysAsk: [],
    deleteWithoutElicitation: 'refuse',
    scaleWithoutElicitation: 'refuse',
  };
  const operator = { ...viewer, tools: ['kubectl_get', 'kubectl_apply'] };
  const admin = {
    ...viewer,
    tools: ['kubectl_get', 'kubectl_apply', 'kubectl_delete', 'kubectl_exec'],
    writeSecrets: true,
    writeRbac: true,
    podSecurity: 'privileged',
    deleteWithoutElicitation: 'allow',
    scaleWithoutElicitation: 'allow',
  };

  it.each([
    ['viewer', viewer],
    ['operator', operator],
    ['admin', admin],
  ])('gives the built-in %s exactly its row of the table', (role, expected) => {
    expect(table([role])).toEqual(expected);
  });

  it.each([
    ['admin-alias', 'admin'],
    ['operator-alias', 'operator'],
    ['viewer-alias', 'viewer'],
  ])('gives %s, which only extends %s, exactly what %s gets', (alias, base) => {
    expect(callerWith([alias]).capabilities).toEqual(callerWith([base]).capabilities);
    expect(table([alias])).toEqual(table([base]));
  });

  it('masks Secret values for admins too unless a policy role reveals them', () => {
    expect(table(['admin']).revealSecrets).toBe(false);
    expect(table(['secret-admin'])).toEqual({ ...admin, revealSecrets: true });
    expect(table(['secret-reader'])).toEqual({ ...viewer, revealSecrets: true });
  });

  it('keeps what an extended admin gets while narrowing its namespaces', () => {
    const teamAdmin = callerWith(['team-admin']);
    expect(row(teamAdmin.capabilities, teamAdmin.namespaces)).toEqual({
      ...admin,
      namespaces: ['team-a'],
    });
  });

  it('lets a role replace inherited capabilities field by field', () => {
    expect(table(['strict-operator'])).toEqual({
      ...operator,
      podSecurity: 'restricted',
      alwaysAsk: ['kubectl_apply'],
      scaleWithoutElicitation: 'allow',
    });
    expect(table(['careful-admin'])).toEqual({
      ...admin,
      podSecurity: 'baseline',
      writeRbac: false,
      writeSecrets: false,
      deleteWithoutElicitation: 'refuse',
      scaleWithoutElicitation: 'refuse',
    });
    expect(table(['rbac-writer'])).toEqual({
      ...viewer,
      tools: ['kubectl_apply'],
      writeRbac: true,
      writeSecrets: true,
    });
  });

  it('gives a caller with several roles what any of them allows', () => {
    expect(table(['viewer', 'rbac-writer'])).toEqual({
      ...viewer,
      tools: ['kubectl_get', 'kubectl_apply'],
      writeRbac: true,
      writeSecrets: true,
    });
    expect(table(['strict-operator', 'careful-admin'])).toEqual({
      ...admin,
      podSecurity: 'baseline',
      writeRbac: false,
      writeSecrets: false,
      alwaysAsk: ['kubectl_apply'],
      deleteWithoutElicitation: 'refuse',
      scaleWithoutElicitation: 'allow',
    });
  });

  it('gives unknown roles nothing at all', () => {
    expect(table(['superuser'])).toEqual({
      ...viewer,
      tools: [],
      podSecurity: 'restricted',
    });
    expect(table([])).toEqual(table(['superuser']));
  });
});
