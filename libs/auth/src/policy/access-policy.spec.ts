import { AppConfig } from '#config';
import type { Caller } from '#mcp';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallerFactory } from '../caller.factory.js';
import { AccessPolicy } from './access-policy.js';
import { PolicyFileError } from './policy-file.js';

const tools = {
  kubectl_get: { name: 'kubectl_get', annotations: { readOnlyHint: true } },
  kubectl_apply: {
    name: 'kubectl_apply',
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  },
  kubectl_scale: {
    name: 'kubectl_scale',
    annotations: { readOnlyHint: false, destructiveHint: false },
  },
  kubectl_delete: {
    name: 'kubectl_delete',
    annotations: { readOnlyHint: false, destructiveHint: true },
  },
  unannotated: { name: 'unannotated', annotations: {} },
};

function policyFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'auth-policy-')), 'policy.yaml');
  writeFileSync(path, content);
  return path;
}

function configWith(env: Record<string, string> = {}): AppConfig {
  return AppConfig.fromEnvironment({ AUTH_ENABLED: 'false', ...env });
}

describe('AccessPolicy', () => {
  const sut = new AccessPolicy(configWith());
  const callers = new CallerFactory(configWith(), sut);
  const caller = (roles: string[], namespaces = ['*']): Caller =>
    callers.fromIdentity({ subject: 'u', roles, namespaces });

  it.each([
    ['viewer', ['kubectl_get']],
    ['operator', ['kubectl_get', 'kubectl_apply', 'kubectl_scale']],
    ['admin', ['kubectl_get', 'kubectl_apply', 'kubectl_scale', 'kubectl_delete', 'unannotated']],
  ])('lets %s call exactly %j', (role, allowed) => {
    const callable = Object.values(tools).filter((tool) => sut.canCall(caller([role]), tool));
    expect(callable.map((tool) => tool.name)).toEqual(allowed);
  });

  it('refuses a viewer kubectl_delete and an operator a tool without destructiveHint', () => {
    expect(sut.canCall(caller(['viewer']), tools.kubectl_delete)).toBe(false);
    expect(sut.canCall(caller(['operator']), tools.unannotated)).toBe(false);
    expect(sut.canCall(caller([]), tools.kubectl_get)).toBe(false);
    expect(sut.canCall(caller(['superuser']), tools.kubectl_get)).toBe(false);
  });

  describe('with a policy file', () => {
    const path = policyFile(`
roles:
  - name: deployer
    extends: [viewer]
    tools: [kubectl_apply]
    namespaces: [team-a, team-b]
  - name: idempotent-writer
    annotations: { destructiveHint: false, idempotentHint: true }
`);
    const config = configWith({
      AUTH_POLICY_FILE: path,
      AUTH_GROUP_ROLES: 'devs=deployer',
      AUTH_GROUP_NAMESPACES: 'devs=team-a|team-c',
    });
    const custom = new AccessPolicy(config);
    const callerFactory = new CallerFactory(config, custom);
    const caller = (roles: string[], namespaces = ['*']): Caller =>
      callerFactory.fromIdentity({ subject: 'u', roles, namespaces });

    it('allows tools by name, by inherited role and by annotations', () => {
      expect(custom.canCall(caller(['deployer']), tools.kubectl_apply)).toBe(true);
      expect(custom.canCall(caller(['deployer']), tools.kubectl_get)).toBe(true);
      expect(custom.canCall(caller(['deployer']), tools.kubectl_scale)).toBe(false);
      expect(custom.canCall(caller(['idempotent-writer']), tools.kubectl_apply)).toBe(true);
      expect(custom.canCall(caller(['idempotent-writer']), tools.kubectl_delete)).toBe(false);
      // A tool that leaves destructiveHint out is destructive (MCP default), so it does not match false.
      expect(
        custom.canCall(caller(['idempotent-writer']), {
          name: 'x',
          annotations: { idempotentHint: true },
        }),
      ).toBe(false);
    });

    it('narrows the namespaces of a caller to what its roles allow', () => {
      const callers = callerFactory;
      expect(callers.fromGroups('dana', ['devs'])).toEqual({
        subject: 'dana',
        roles: ['deployer'],
        namespaces: ['team-a'],
        groups: ['devs'],
        capabilities: custom.capabilitiesOf(['deployer']),
      });
      expect(
        callers.fromIdentity({ subject: 'e', roles: ['deployer'], namespaces: ['*'] }).namespaces,
      ).toEqual(['team-a', 'team-b']);
      expect(
        callers.fromIdentity({ subject: 'f', roles: ['deployer', 'admin'], namespaces: ['*'] })
          .namespaces,
      ).toEqual(['*']);
      expect(callers.fromGroups('gus', ['strangers'])).toMatchObject({ roles: [], namespaces: [] });
    });
  });

  it.each([
    ['roles: nope', '"roles" list'],
    ['roles: [{ name: admin }]', 'built-in role and cannot be redefined'],
    ['roles: [{ name: x, extends: [deployer] }]', 'extends may name only viewer, operator, admin'],
    [
      'roles: [{ name: x, annotations: { readOnly: true } }]',
      'annotations.readOnly must be one of',
    ],
    ['roles: [{ name: x, tools: kubectl_get }]', 'tools must be a list of names'],
    ['roles: [{ name: x, verbs: [get] }]', 'verbs is not a role field'],
    ['roles: [{ name: x }, { name: x }]', 'defined twice'],
    ['roles: [{ name: x, podSecurity: root }]', 'podSecurity must be one of privileged, baseline'],
    ['roles: [{ name: x, revealSecrets: yes please }]', 'revealSecrets must be true or false'],
    ['roles: [{ name: x, writeRbac: 1 }]', 'writeRbac must be true or false'],
    ['roles: [{ name: x, confirm: { withoutElicitation: maybe } }]', 'must be allow or refuse'],
    ['roles: [{ name: x, confirm: { tools: kubectl_apply } }]', 'confirm.tools must be a list'],
    ['roles: [{ name: x, confirm: { ask: true } }]', 'confirm.ask is not a confirmation field'],
  ])('refuses the policy file %s with a message naming the problem', (content, message) => {
    const path = policyFile(content);
    expect(() => new AccessPolicy(configWith({ AUTH_POLICY_FILE: path }))).toThrow(PolicyFileError);
    expect(() => new AccessPolicy(configWith({ AUTH_POLICY_FILE: path }))).toThrow(message);
  });
});
