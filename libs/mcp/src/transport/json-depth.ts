/**
 * How deeply JSON a caller sends may nest. JSON-RPC messages, tool arguments and login bodies
 * are shallow; deeper values only serve to overflow the stack of code that walks them
 * recursively (JSON.stringify, validators, loggers), so they are refused before parsing.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * True when the JSON text nests objects and arrays deeper than `maxDepth`. One pass over the
 * bytes, no recursion and no parsing, so it costs the same whatever the nesting; brackets
 * inside strings do not count. Invalid JSON is left for the parser to report.
 */
export function jsonNestsDeeperThan(
  json: Buffer | string,
  maxDepth: number = MAX_JSON_DEPTH,
): boolean {
  const bytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The same bound for a value that is already parsed, walked with a stack instead of recursion. */
export function valueNestsDeeperThan(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
