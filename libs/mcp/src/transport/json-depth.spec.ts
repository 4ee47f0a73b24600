import { MAX_JSON_DEPTH, jsonNestsDeeperThan, valueNestsDeeperThan } from './json-depth.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonNestsDeeperThan', () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[" and {{' });
    expect(jsonNestsDeeperThan(text, 1)).toBe(false);
  });

  it('checks a million levels without recursion, in linear time', () => {
    const started = performance.now();
    expect(jsonNestsDeeperThan(Buffer.from(nested(1_000_000)))).toBe(true);
    expect(jsonNestsDeeperThan(`[${'1,'.repeat(1_000_000)}1]`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('valueNestsDeeperThan', () => {
  it('measures parsed values the same way as the text', () => {
    for (const depth of [0, 1, 5, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1]) {
      const value: unknown = JSON.parse(nested(depth) || '1');
      expect(valueNestsDeeperThan(value)).toBe(jsonNestsDeeperThan(nested(depth)));
    }
    expect(valueNestsDeeperThan({ a: { b: [1, { c: 2 }] } }, 4)).toBe(false);
    expect(valueNestsDeeperThan({ a: { b: [1, { c: 2 }] } }, 3)).toBe(true);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(valueNestsDeeperThan(JSON.parse(nested(100_000)))).toBe(true);
  });
});
