import { AppConfig } from '#config';

import { hostAllowlist, hostName, OriginPolicy } from './origin-policy.js';

const policy = (env: Record<string, string> = {}): OriginPolicy =>
  new OriginPolicy(AppConfig.fromEnvironment({ NODE_ENV: 'test', AUTH_ENABLED: 'false', ...env }));

describe('hostName', () => {
  it.each([
    ['mcp.example.com', 'mcp.example.com'],
    ['MCP.Example.com:3000', 'mcp.example.com'],
    ['127.0.0.1:8080', '127.0.0.1'],
    ['[::1]:3000', '[::1]'],
  ])('reads %s as %s', (host, expected) => {
    expect(hostName(host)).toBe(expected);
  });

  it.each(['', 'a b', 'user@evil.example.com', 'evil.example.com/path', '[::1'])(
    'treats the malformed Host %p as no name',
    (host) => {
      expect(hostName(host)).toBeUndefined();
    },
  );
});

describe('hostAllowlist', () => {
  it('accepts any host when * is listed or when bound to a non-loopback address', () => {
    expect(hostAllowlist(['*'], '127.0.0.1')).toBeUndefined();
    expect(hostAllowlist([], '0.0.0.0')).toBeUndefined();
  });

  it('limits a loopback-bound server to loopback names by default', () => {
    for (const bound of ['127.0.0.1', 'localhost', '::1', '127.0.1.1']) {
      expect([...(hostAllowlist([], bound) ?? [])]).toEqual(
        expect.arrayContaining(['localhost', '127.0.0.1', '[::1]']),
      );
    }
  });

  it('uses exactly the listed names when some are given', () => {
    expect([...(hostAllowlist(['MCP.example.com'], '127.0.0.1') ?? [])]).toEqual([
      'mcp.example.com',
    ]);
  });
});

describe('OriginPolicy', () => {
  it('lets requests without Origin through and same-origin browser requests too', () => {
    const sut = policy();
    expect(sut.refusal(undefined, 'mcp.example.com')).toBeUndefined();
    expect(sut.refusal('https://mcp.example.com', 'mcp.example.com')).toBeUndefined();
  });

  it('refuses a foreign Origin and names the variable that allows it', () => {
    expect(policy().refusal('https://evil.example.com', 'mcp.example.com')).toBe(
      'Origin "https://evil.example.com" is not allowed to call this MCP server. ' +
        'Add it to MCP_ALLOWED_ORIGINS (comma-separated) if this browser app should have access.',
    );
  });

  it('accepts listed origins case-insensitively, and any origin with *', () => {
    const sut = policy({ MCP_ALLOWED_ORIGINS: 'https://Dify.example.com' });
    expect(sut.refusal('https://dify.EXAMPLE.com', 'mcp.example.com')).toBeUndefined();
    expect(sut.refusal('https://other.example.com', 'mcp.example.com')).toContain('not allowed');
    expect(policy({ MCP_ALLOWED_ORIGINS: '*' }).refusal('null', 'x')).toBeUndefined();
  });

  it('refuses a malformed Origin', () => {
    expect(policy().refusal('not a url', 'mcp.example.com')).toContain('Origin "not a url"');
  });

  it('refuses DNS rebinding to a loopback-bound server even when Origin matches Host', () => {
    const sut = policy({ HOST: '127.0.0.1' });
    expect(sut.refusal('http://evil.example.com:3000', 'evil.example.com:3000')).toBe(
      'Host "evil.example.com:3000" is not allowed to call this MCP server. ' +
        'Call it by one of its own names, or add this name to MCP_ALLOWED_HOSTS (comma-separated).',
    );
    expect(sut.refusal(undefined, undefined)).toContain('Host ""');
    expect(sut.refusal(undefined, 'localhost:3000')).toBeUndefined();
    expect(sut.refusal('http://127.0.0.1:3000', '127.0.0.1:3000')).toBeUndefined();
  });

  it('accepts only the names in MCP_ALLOWED_HOSTS when set', () => {
    const sut = policy({ MCP_ALLOWED_HOSTS: 'mcp.example.com' });
    expect(sut.refusal(undefined, 'mcp.example.com:443')).toBeUndefined();
    expect(sut.refusal(undefined, 'localhost:3000')).toContain('MCP_ALLOWED_HOSTS');
  });
});
