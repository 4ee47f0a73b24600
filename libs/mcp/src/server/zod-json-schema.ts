import { z } from 'zod';

/** JSON Schema for a zod object as MCP clients expect it (an object schema, no `$schema` key). */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return { type: 'object', ...json };
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
