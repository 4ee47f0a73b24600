import { ADMIN_CAPABILITIES, AccessDeniedError, type Caller } from '#mcp';

import { assertRbacWriteAllowed } from './namespace-access.js';

const operator: Caller = {
  subject: 'otto',
  roles: ['operator'],
  namespaces: ['*'],
  capabilities: { ...ADMIN_CAPABILITIES, writeRbac: false },
};
// A role that is not called admin but has the capability writes RBAC objects too.
const admin: Caller = {
  subject: 'ada',
  roles: ['platform'],
  namespaces: ['*'],
  capabilities: ADMIN_CAPABILITIES,
};

describe('assertRbacWriteAllowed', () => {
  it.each([
    'rolebindings.rbac.authorization.k8s.io "x"',
    'clusterroles.rbac.authorization.k8s.io "y"',
  ])('refuses a caller without writeRbac writing %s, naming what it needs', (what) => {
    expect(() => assertRbacWriteAllowed(operator, 'rbac.authorization.k8s.io', what)).toThrow(
      new AccessDeniedError(
        `${what} is an RBAC object and writing it needs the admin role or a policy role with writeRbac: true (it could grant otto more rights than their role allows); ask an admin to apply it`,
      ),
    );
  });

  it('lets callers with writeRbac write RBAC objects, whatever their role is called', () => {
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
