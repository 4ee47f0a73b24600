// Shared value formats of the environment variables: word lists, parsers and patterns.
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export const LOG_FORMATS = ['combined', 'json', 'simple'] as const;
export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const TRUE_WORDS = ['true', '1', 'yes', 'on'];
export const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** Reads "true"/"false"-style words; anything else stays a string so validation names it. */
export function toBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return value;
}

/** Reads a whole decimal number; anything else stays a string so validation names it. */
export function toInteger({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

export const BOOLEAN_MESSAGE = `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`;
// A DNS-1123 label, the rule Kubernetes applies to namespace names.
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Durations in the form JWT libraries accept: "3600" (seconds), "90s", "15m", "24h", "7d".
export const DURATION = /^\d+\s*(s|m|h|d|w)?$/;
export const HTTP_URL = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;
// A JWT claim name, optionally a dotted path into nested objects (realm_access.roles).
export const CLAIM_NAME = /^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/;
export const HEADER_NAME = /^[A-Za-z0-9-]+$/;
// "group=value|value,group=value": maps identity-provider groups to roles or namespaces.
export const GROUP_MAPPING =
  /^\s*[^=,\s]+\s*=\s*[^=,|\s]+(\s*\|\s*[^=,|\s]+)*\s*(,\s*[^=,\s]+\s*=\s*[^=,|\s]+(\s*\|\s*[^=,|\s]+)*\s*)*$/;
// Express "trust proxy": a boolean, a hop count, or addresses/CIDRs/names such as loopback.
export const TRUST_PROXY = /^(true|false|\d+|[A-Za-z0-9.:/]+(\s*,\s*[A-Za-z0-9.:/]+)*)$/;

/** "90" -> 90, "15m" -> 900, "24h" -> 86400 (the forms JWT_EXPIRES_IN also accepts). */
export function durationToSeconds(value: string): number {
  const match = /^(\d+)\s*([smhdw])?$/.exec(value.trim());
  if (!match) throw new Error(`Not a duration: ${value}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}
