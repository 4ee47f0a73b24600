import { configurationProblems } from '../../../test/support/configuration-problems.js';

import { AppConfig } from './app-config.js';

const SECRET = 'x'.repeat(48);

const problemsOf = (env: Record<string, string>): string[] =>
  configurationProblems({ JWT_SECRET: SECRET, ...env });

describe('MCP transport settings', () => {
  it('defaults to a 4 MiB body limit, 30 minute idle sessions, 15 s keep-alive, 50 sessions per user and no extra origins', () => {
    const sut = AppConfig.fromEnvironment({ JWT_SECRET: SECRET });
    expect(sut.mcp).toEqual({
      allowedOrigins: [],
      allowedHosts: [],
      maxBodyBytes: 4194304,
      sessionIdleTimeoutMs: 1800000,
      sseKeepAliveMs: 15000,
      maxSessionsPerUser: 50,
    });
  });

  it('defaults to tight slow-client limits: 10 s for headers, 30 s per request, 5 s keep-alive', () => {
    expect(AppConfig.fromEnvironment({ JWT_SECRET: SECRET }).server.timeouts).toEqual({
      headersMs: 10000,
      requestMs: 30000,
      keepAliveMs: 5000,
    });
  });

  it('reads every variable from its string form', () => {
    const sut = AppConfig.fromEnvironment({
      JWT_SECRET: SECRET,
      MCP_ALLOWED_ORIGINS: 'https://dify.example.com, http://localhost:5173',
      MCP_ALLOWED_HOSTS: 'MCP.example.com, localhost,[::1]',
      MCP_MAX_BODY_BYTES: '65536',
      MCP_SESSION_IDLE_TIMEOUT_MS: '60000',
      MCP_SSE_KEEPALIVE_MS: '0',
      MCP_MAX_SESSIONS_PER_USER: '0',
    });
    expect(sut.mcp).toEqual({
      allowedOrigins: ['https://dify.example.com', 'http://localhost:5173'],
      allowedHosts: ['mcp.example.com', 'localhost', '[::1]'],
      maxBodyBytes: 65536,
      sessionIdleTimeoutMs: 60000,
      sseKeepAliveMs: 0,
      maxSessionsPerUser: 0,
    });
  });

  it('accepts * as the origin allowlist', () => {
    expect(
      AppConfig.fromEnvironment({ JWT_SECRET: SECRET, MCP_ALLOWED_ORIGINS: '*' }).mcp
        .allowedOrigins,
    ).toEqual(['*']);
  });

  it.each([
    ['MCP_ALLOWED_ORIGINS', 'dify.example.com', 'must be * or comma-separated origins'],
    ['MCP_ALLOWED_ORIGINS', 'https://a.example.com/path', 'must be * or comma-separated origins'],
    ['MCP_ALLOWED_HOSTS', 'https://mcp.example.com', 'must be * or comma-separated host names'],
    ['MCP_ALLOWED_HOSTS', 'mcp.example.com:3000', 'without scheme or port'],
    ['MCP_ALLOWED_HOSTS', 'a.example.com,,b', 'must be * or comma-separated host names'],
    ['MCP_MAX_BODY_BYTES', '12', 'between 1024 and 104857600'],
    ['MCP_MAX_BODY_BYTES', '1mb', 'between 1024 and 104857600'],
    ['MCP_SESSION_IDLE_TIMEOUT_MS', '500', 'between 1000 and 86400000'],
    ['MCP_SESSION_IDLE_TIMEOUT_MS', '30m', 'between 1000 and 86400000'],
    ['MCP_SSE_KEEPALIVE_MS', '-1', 'between 0 (off) and 300000'],
    ['MCP_SSE_KEEPALIVE_MS', '999999', 'between 0 (off) and 300000'],
    ['MCP_MAX_SESSIONS_PER_USER', '-1', 'between 0 (no limit) and 100000'],
    ['HTTP_HEADERS_TIMEOUT_MS', '500', 'between 1000 and 300000'],
    ['HTTP_REQUEST_TIMEOUT_MS', '1h', 'between 1000 and 3600000'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '0', 'between 1000 and 600000'],
  ])('rejects %s=%s and says what is accepted', (name, value, expected) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toEqual([expect.stringContaining(name)]);
    expect(problems[0]).toContain(expected);
  });

  it('refuses a headers timeout longer than the request timeout, naming both', () => {
    expect(
      problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }),
    ).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS (20000) must not exceed HTTP_REQUEST_TIMEOUT_MS (10000): the headers are part of the request',
    ]);
  });
});
