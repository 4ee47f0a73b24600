import { z } from 'zod';

import { describeZodIssues, toJsonSchema } from './zod-json-schema.js';

describe('toJsonSchema', () => {
  it('gives an object schema without $schema', () => {
    const sut = toJsonSchema(z.object({ name: z.string() }), 'input');
    expect(sut).toMatchObject({ type: 'object', properties: { name: { type: 'string' } } });
    expect(sut).not.toHaveProperty('$schema');
  });

  it('spells free-form record values as additionalProperties: true, at any depth', () => {
    const sut = toJsonSchema(
      z.object({
        labels: z.record(z.string(), z.unknown()),
        items: z.array(z.record(z.string(), z.unknown())),
      }),
      'input',
    );
    expect(JSON.stringify(sut)).not.toContain('"additionalProperties":{}');
    expect(sut).toMatchObject({
      properties: {
        labels: { type: 'object', additionalProperties: true },
        items: { items: { additionalProperties: true } },
      },
    });
  });

  it('keeps typed record values and closed objects as they are', () => {
    const sut = toJsonSchema(
      z.object({ counts: z.record(z.string(), z.number()) }).strict(),
      'input',
    );
    expect(sut).toMatchObject({
      additionalProperties: false,
      properties: { counts: { additionalProperties: { type: 'number' } } },
    });
  });
});

describe('toJsonSchema for clients (what tools/list sends)', () => {
  const name = z
    .string()
    .min(1)
    .max(63)
    .regex(/^[a-z0-9]+$/)
    .describe('Object name, e.g. "web"');

  it('leaves out what only a validator uses: pattern, maxLength, minLength 1, the ±(2^53-1) integer bounds', () => {
    const sut = toJsonSchema(
      z.object({ name, pattern: name.optional(), count: z.number().int().optional() }).strict(),
      'input',
    );
    expect(sut).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', description: 'Object name, e.g. "web"' },
        // A parameter that happens to be called "pattern" is a property, not the keyword.
        pattern: { type: 'string', description: 'Object name, e.g. "web"' },
        count: { type: 'integer' },
      },
      required: ['name'],
      additionalProperties: false,
    });
  });

  it('keeps real limits, enums and defaults', () => {
    const sut = toJsonSchema(
      z.object({
        lines: z.number().int().min(1).max(5000).default(100),
        output: z.enum(['table', 'yaml']),
        text: z.string().min(3),
      }),
      'input',
    );
    expect(sut.properties).toEqual({
      lines: { type: 'integer', minimum: 1, maximum: 5000, default: 100 },
      output: { type: 'string', enum: ['table', 'yaml'] },
      text: { type: 'string', minLength: 3 },
    });
  });

  it('gives output schemas each field name and type, without required or additionalProperties', () => {
    const sut = toJsonSchema(
      z.object({
        count: z.number(),
        rows: z.array(z.object({ name: z.string(), labels: z.record(z.string(), z.unknown()) })),
      }),
      'output',
    );
    expect(sut).toEqual({
      type: 'object',
      properties: {
        count: { type: 'number' },
        rows: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              labels: { type: 'object' },
            },
          },
        },
      },
    });
  });
});

describe('describeZodIssues', () => {
  it('names each bad field, or (arguments) for the whole object', () => {
    const schema = z.object({ name: z.string(), replicas: z.number().int() });
    const bad = schema.safeParse({ replicas: 1.5 });
    expect(bad.success).toBe(false);
    const text = describeZodIssues(bad.error!);
    expect(text).toContain('name: Invalid input: expected string');
    expect(text).toContain('replicas:');
    expect(describeZodIssues(schema.safeParse('x').error!)).toMatch(/^\(arguments\): /);
  });
});
