import { ANONYMOUS_ADMIN, type Caller } from '../registry/caller.js';
import {
  authInfoFor,
  callerFrom,
  callerOfRequest,
  MissingCallerError,
} from './caller-auth-info.js';

const vera: Caller = {
  ...ANONYMOUS_ADMIN,
  subject: 'vera',
  roles: ['viewer'],
  namespaces: ['team-a'],
};

describe('the caller of an MCP request', () => {
  it('is the caller the auth guard built, on every transport', () => {
    expect(callerOfRequest(vera, true)).toBe(vera);
    expect(callerFrom({ http: { authInfo: authInfoFor(vera) } }, undefined)).toBe(vera);
  });

  it('is an error, never the anonymous admin, when auth is on and no caller arrived', () => {
    expect(() => callerOfRequest(undefined, true)).toThrow(MissingCallerError);
    expect(() => callerFrom({}, undefined)).toThrow(MissingCallerError);
    expect(() => callerFrom({ http: {} }, undefined)).toThrow(/AUTH_ENABLED=true/);
  });

  it('refuses a half-built caller (no namespaces or capabilities) instead of completing it', () => {
    expect(() => callerOfRequest({ subject: 'x', roles: ['admin'] }, true)).toThrow(
      MissingCallerError,
    );
    const { capabilities: _dropped, ...withoutCapabilities } = vera;
    expect(() => callerOfRequest(withoutCapabilities, true)).toThrow(MissingCallerError);
  });

  it('is the anonymous admin only when auth is off', () => {
    expect(callerOfRequest(undefined, false)).toBe(ANONYMOUS_ADMIN);
    expect(callerFrom({}, ANONYMOUS_ADMIN)).toBe(ANONYMOUS_ADMIN);
  });

  it('is the connection caller (the local user in stdio mode) when no HTTP caller came', () => {
    expect(callerFrom({}, vera)).toBe(vera);
  });
});
