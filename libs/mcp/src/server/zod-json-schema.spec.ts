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
      'output',
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
