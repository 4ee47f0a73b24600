import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every API token starts with this, so scanners and people recognise a leaked one. */
export const API_TOKEN_PREFIX = 'mcpk_';
const API_TOKEN = /^mcpk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const API_TOKEN_ID = /^[0-9a-f]{16}$/;

export interface NewApiToken {
  id: string;
  /** The whole token; shown to its owner once, never stored. */
  token: string;
  /** SHA-256 of the token, hex: what is stored. */
  hash: string;
}

/**
 * `mcpk_<16 hex id>_<43 characters of base64url>`: 256 random bits, so a fast hash (SHA-256)
 * is enough to store it; a slow password hash would only slow down every request.
 */
export function newApiToken(): NewApiToken {
  const id = randomBytes(8).toString('hex');
  const token = `${API_TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashOf(token) };
}

export function looksLikeApiToken(token: string): boolean {
  return token.startsWith(API_TOKEN_PREFIX);
}

/** The id inside a well-formed token, or undefined. */
export function apiTokenId(token: string): string | undefined {
  return API_TOKEN.exec(token)?.[1];
}

export function matchesHash(token: string, hash: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashOf(token), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
