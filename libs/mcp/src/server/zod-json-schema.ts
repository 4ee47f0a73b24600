import { z } from 'zod';

/** JSON Schema for a zod object as MCP clients expect it (an object schema, no `$schema` key). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  const compact = forClients(withExplicitAnyValues(json), io);
  return { type: 'object', ...(compact as Record<string, unknown>) };
}

/** Keywords whose value is one schema, a list of schemas, or a map of name to schema. */
const ONE_SCHEMA = ['items', 'additionalProperties', 'not', 'propertyNames'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_MAPS = ['properties', '$defs', 'definitions'];

/**
 * What a client needs to call a tool and read its answer, without what only a validator uses:
 * every tool's schema is read by the model on every turn. The server checks arguments against
 * the full zod schema and names the rule a value broke, so leaving out `pattern`, `maxLength`
 * (limits against abuse, far above any real name or selector), `minLength: 1`, zod's
 * ±(2^53-1) integer bounds and `propertyNames: {type: "string"}` (true of every JSON object)
 * loses nothing a caller relies on; output
 * schemas (the server writes that content itself) keep each field's name and type but not
 * `required` or `additionalProperties` (open objects are the JSON Schema default).
 */
function forClients(node: unknown, io: 'input' | 'output'): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' || key === 'maxLength' || (key === 'minLength' && value === 1)) continue;
    if (key === 'propertyNames' && isStringSchema(value)) continue;
    if ((key === 'maximum' || key === 'minimum') && Math.abs(value as number) === SAFE) continue;
    if (io === 'output' && (key === 'required' || key === 'additionalProperties')) continue;
    if (ONE_SCHEMA.includes(key)) compact[key] = forClients(value, io);
    else if (SCHEMA_LISTS.includes(key) && Array.isArray(value))
      compact[key] = value.map((item) => forClients(item, io));
    else if (SCHEMA_MAPS.includes(key) && typeof value === 'object' && value !== null)
      compact[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, forClients(schema, io)]),
      );
    else compact[key] = value;
  }
  return compact;
}

const SAFE = Number.MAX_SAFE_INTEGER;

/** `propertyNames: {type: "string"}` holds for every JSON object; zod writes it for records. */
function isStringSchema(value: unknown): boolean {
  return JSON.stringify(value) === '{"type":"string"}';
}

/**
 * zod writes `z.unknown()` record values as `additionalProperties: {}`. Schema linters (the MCP
 * Inspector's portability check) and some model providers flag an empty schema; `true` says
 * the same thing explicitly.
 */
function withExplicitAnyValues(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withExplicitAnyValues);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) =>
      key === 'additionalProperties' && isEmptyObject(value)
        ? [key, true]
        : [key, withExplicitAnyValues(value)],
    ),
  );
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Object.keys(value).length
  );
}

/** One line naming each bad field and what was expected, e.g. `resource: expected string`. */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.join('.') : '(arguments)'}: ${issue.message}`,
    )
    .join('; ');
}
