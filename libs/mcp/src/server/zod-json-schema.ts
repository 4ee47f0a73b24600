import { z } from 'zod';

/** JSON Schema for a zod object as MCP clients expect it (an object schema, no `$schema` key). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return { type: 'object', ...(withExplicitAnyValues(json) as Record<string, unknown>) };
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
