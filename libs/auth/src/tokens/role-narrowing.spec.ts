import { roleWithin } from './role-narrowing.js';

describe('roleWithin', () => {
  it.each([
    ['viewer', ['viewer'], true],
    ['viewer', ['operator'], true],
    ['viewer', ['admin'], true],
    ['operator', ['admin'], true],
    ['operator', ['viewer'], false],
    ['admin', ['operator'], false],
    ['deployer', ['deployer'], true],
    ['deployer', ['admin'], false],
    ['viewer', ['deployer'], false],
  ])('%s within %j: %s', (role, held, expected) => {
    expect(roleWithin(role, held)).toBe(expected);
  });
});
