import { userInfo } from 'node:os';

import { AppConfig } from '#config';

import { AccessPolicy } from '../policy/access-policy.js';
import { LocalUser } from './local-user.js';

function localUser(roles: string): LocalUser {
  const config = AppConfig.fromEnvironment({
    NODE_ENV: 'test',
    AUTH_ENABLED: 'false',
    MCP_STDIO_ROLES: roles,
  });
  return new LocalUser(config, new AccessPolicy(config));
}

describe('LocalUser (the caller of the stdio mode)', () => {
  it('is the operating-system user, read-only unless MCP_STDIO_ROLES says otherwise', () => {
    const sut = localUser('viewer').caller();
    expect(sut).toMatchObject({
      subject: userInfo().username,
      roles: ['viewer'],
      namespaces: ['*'],
    });
  });

  it('takes several roles from MCP_STDIO_ROLES', () => {
    expect(localUser('operator, viewer').caller().roles).toEqual(['operator', 'viewer']);
  });

  it('refuses a role nobody defined, naming it and the known ones', () => {
    expect(() => localUser('viewer,root').caller()).toThrow(
      'MCP_STDIO_ROLES names unknown role(s) "root"; use viewer, operator, admin or a role defined in AUTH_POLICY_FILE.',
    );
  });
});
