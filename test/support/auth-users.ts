import { hashSync } from '@node-rs/bcrypt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface TestAccount {
  name: string;
  password: string;
  roles: string[];
  namespaces?: string[];
}

/** Writes an AUTH_USERS_FILE for the given accounts (low bcrypt cost: tests only). */
export function writeUsersFile(accounts: TestAccount[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mcp-users-')), 'users.yaml');
  const users = accounts.map(({ password, ...account }) => ({
    ...account,
    passwordHash: hashSync(password, 4),
  }));
  writeFileSync(path, stringify({ users }));
  return path;
}

/** Logs in through POST /auth/login and returns the bearer token. */
export async function login(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: name, password }),
  });
  if (response.status !== 200)
    throw new Error(`login ${name}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface McpReply {
  result: {
    tools: { name: string }[];
    isError?: boolean;
    content: { type: string; text: string }[];
    structuredContent?: Record<string, unknown>;
  };
  error?: { code: number; message: string };
}

/** One plain JSON-RPC call to /mcp (the seed's style). */
export async function mcpCall(
  url: string,
  token: string,
  method: string,
  params?: unknown,
): Promise<{ status: number; body: McpReply; headers: Headers }> {
  const response = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : undefined) as McpReply,
    headers: response.headers,
  };
}
