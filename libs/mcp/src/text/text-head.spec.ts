import { textHead, withoutSplitPairAtEnd } from './text-head.js';

const EMOJI = '\u{1F680}'; // two UTF-16 units

/** Whether every surrogate in `text` belongs to a pair. */
const wellFormed = (text: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('textHead', () => {
  it('returns text that fits unchanged', () => {
    expect(textHead('short', 10)).toBe('short');
    expect(textHead(`a${EMOJI}`, 3)).toBe(`a${EMOJI}`);
  });

  it('cuts plain text at the limit', () => {
    expect(textHead('abcdef', 4)).toBe('abcd');
  });

  it('does not cut a character made of a surrogate pair in half', () => {
    const text = `ab${EMOJI}cd`;
    expect(textHead(text, 3)).toBe('ab');
    expect(textHead(text, 4)).toBe(`ab${EMOJI}`);
    for (let max = 0; max <= text.length; max++) expect(wellFormed(textHead(text, max))).toBe(true);
  });

  it('keeps a run of emoji whole at every limit', () => {
    const text = EMOJI.repeat(50);
    for (let max = 0; max <= text.length; max++) {
      const head = textHead(text, max);
      expect(wellFormed(head)).toBe(true);
      expect(max - head.length).toBeLessThanOrEqual(1);
    }
  });
});

describe('withoutSplitPairAtEnd', () => {
  it('drops a first half left at the end and keeps whole text', () => {
    expect(withoutSplitPairAtEnd(`ab${EMOJI.charAt(0)}`)).toBe('ab');
    expect(withoutSplitPairAtEnd(`ab${EMOJI}`)).toBe(`ab${EMOJI}`);
    expect(withoutSplitPairAtEnd('')).toBe('');
  });
});
