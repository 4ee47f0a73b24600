import { capText, takeWithinLimit } from './output-limit.js';
import { maskSecret, sanitizeObject } from './sanitize-object.js';
import { compactTable, renderTableLines } from './table-format.js';

const ROCKET = '\u{1F680}';

describe('takeWithinLimit', () => {
  it('keeps whole parts up to the limit and counts the rest', () => {
    const sut = takeWithinLimit(['aaaa', 'bbbb', 'cccc'], 9);
    expect(sut).toEqual({ text: 'aaaa\nbbbb', kept: 2, omitted: 1 });
  });
  it('always keeps the first part, cut if it alone is too long', () => {
    expect(takeWithinLimit(['abcdefgh'], 4)).toEqual({ text: 'abcd…', kept: 1, omitted: 0 });
  });
  it('keeps everything when it fits', () => {
    expect(takeWithinLimit(['a', 'b'], 100)).toMatchObject({ kept: 2, omitted: 0 });
  });
  it('does not cut an emoji in half when it cuts the first part', () => {
    expect(takeWithinLimit([`abc${ROCKET}`], 4).text).toBe('abc…');
  });
});

describe('capText', () => {
  it('appends the note only when cutting', () => {
    expect(capText('short', 10, 'x')).toEqual({ text: 'short', truncated: false });
    expect(capText('0123456789abc', 10, 'ask for less')).toEqual({
      text: '0123456789\n… [output cut at 10 characters: ask for less]',
      truncated: true,
    });
  });
  it('does not cut an emoji in half', () => {
    expect(capText(`${ROCKET.repeat(3)}!`, 5, 'n').text).toBe(
      `${ROCKET.repeat(2)}\n… [output cut at 5 characters: n]`,
    );
  });
});

describe('sanitizeObject', () => {
  const secret = {
    kind: 'Secret',
    metadata: {
      name: 's',
      managedFields: [{}],
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"p":"aHVudGVyMg=="}}',
      },
    },
    data: { p: Buffer.from('hunter2').toString('base64') },
    stringData: { q: 'plain' },
  };
  it('drops managedFields and last-applied, masks Secret values with their size', () => {
    const sut = sanitizeObject(secret, false);
    expect(sut).toEqual({
      kind: 'Secret',
      metadata: { name: 's' },
      data: { p: '<redacted: 7 bytes>' },
      stringData: { q: '<redacted: 5 bytes>' },
    });
    expect(secret.data.p).toBe(Buffer.from('hunter2').toString('base64'));
  });
  it('reveals Secret values when allowed but still drops noise', () => {
    expect(sanitizeObject(secret, true)).toMatchObject({
      metadata: { name: 's' },
      data: { p: secret.data.p },
    });
  });
  it('leaves other kinds alone', () => {
    const configMap = { kind: 'ConfigMap', data: { a: 'b' } };
    maskSecret({ kind: 'Secret' });
    expect(sanitizeObject(configMap, false)).toEqual(configMap);
  });
});

describe('compactTable / renderTableLines', () => {
  const table = {
    columnDefinitions: [
      { name: 'Name', type: 'string', priority: 0 },
      { name: 'Ready', type: 'string', priority: 0 },
      { name: 'IP', type: 'string', priority: 1 },
      { name: 'Age', type: 'string', priority: 0 },
    ],
    rows: [
      {
        cells: ['web-1', '1/1', '10.0.0.1', '5m'],
        object: { metadata: { name: 'web-1', namespace: 'prod' } },
      },
      { cells: ['db', '0/1', null, '2d'], object: { metadata: { name: 'db', namespace: 'data' } } },
    ],
  };
  it('keeps the default (priority 0) columns like kubectl', () => {
    expect(compactTable(table, false)).toEqual({
      columns: ['NAME', 'READY', 'AGE'],
      rows: [
        ['web-1', '1/1', '5m'],
        ['db', '0/1', '2d'],
      ],
    });
  });
  it('adds NAMESPACE first across namespaces and aligns columns', () => {
    const lines = renderTableLines(compactTable(table, true));
    expect(lines).toEqual([
      'NAMESPACE   NAME    READY   AGE',
      'prod        web-1   1/1     5m',
      'data        db      0/1     2d',
    ]);
  });
});
