import type { Caller } from '#mcp';

import { assertRbacWriteAllowed } from './namespace-access.js';

const operator: Caller = { subject: 'otto', roles: ['operator'], namespaces: ['*'] };
const admin: Caller = { subject: 'ada', roles: ['admin'], namespaces: ['*'] };

describe('assertRbacWriteAllowed', () => {
  it.each([
    'rolebindings.rbac.authorization.k8s.io "x"',
    'clusterroles.rbac.authorization.k8s.io "y"',
  ])('refuses a non-admin writing %s, naming the role it needs', (what) => {
    expect(() => assertRbacWriteAllowed(operator, 'rbac.authorization.k8s.io', what)).toThrow(
      `${what} is an RBAC object and writing it needs the admin role`,
    );
  });

  it('lets admins write RBAC objects', () => {
    expect(() =>
      assertRbacWriteAllowed(admin, 'rbac.authorization.k8s.io', 'roles "r"'),
    ).not.toThrow();
  });

  it('ignores every other API group', () => {
    for (const group of ['', 'apps', 'rbac.example.com', 'authorization.k8s.io']) {
      expect(() => assertRbacWriteAllowed(operator, group, 'thing')).not.toThrow();
    }
  });
});
