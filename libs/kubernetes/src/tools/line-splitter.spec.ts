import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('returns whole lines across chunks and keeps the unfinished one for later', () => {
    const sut = new LineSplitter(100);
    expect(sut.push('one\ntw')).toEqual(['one']);
    expect(sut.push('o\nthree\n')).toEqual(['two', 'three']);
    expect(sut.push('four')).toEqual([]);
    expect(sut.end()).toEqual(['four']);
    expect(sut.end()).toEqual([]);
  });

  it('keeps only the start of a line longer than its limit, marked, however much more arrives', () => {
    const sut = new LineSplitter(40);
    const chunk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 64; i++) {
      expect(sut.push(chunk)).toEqual([]);
      expect(sut.heldChars).toBe(12);
    }
    const [line, after] = sut.push('tail\nnext\n');
    expect(line).toBe(`${'x'.repeat(12)} [line cut at 12 characters]`);
    expect(line!.length).toBeLessThanOrEqual(40);
    expect(after).toBe('next');
  });

  it('does not keep half an emoji when the cut falls inside one, whatever the chunks', () => {
    const sut = new LineSplitter(40);
    sut.push('x');
    for (let i = 0; i < 30; i++) sut.push('\u{1F680}');
    expect(sut.push('\n')).toEqual([`x${'\u{1F680}'.repeat(5)} [line cut at 12 characters]`]);
  });

  it('marks an unfinished long line at the end too', () => {
    const sut = new LineSplitter(40);
    sut.push('y'.repeat(100));
    expect(sut.end()).toEqual([`${'y'.repeat(12)} [line cut at 12 characters]`]);
  });
});
