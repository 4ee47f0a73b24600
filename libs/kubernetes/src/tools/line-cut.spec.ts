import { cutLine, keptOfCutLine } from './line-cut.js';

describe('cutLine', () => {
  it('returns a line that fits as it is', () => {
    expect(cutLine('x'.repeat(40), 40)).toBe('x'.repeat(40));
  });

  it('keeps the start of a longer line and a mark saying how much is shown, within the limit', () => {
    const sut = cutLine('x'.repeat(41), 40);
    expect(sut).toBe(`${'x'.repeat(12)} [line cut at 12 characters]`);
    expect(sut).toHaveLength(40);
    expect(keptOfCutLine(40)).toBe(12);
  });

  it('stays within the limit where the mark counts fewer digits than the limit', () => {
    // keptOfCutLine(1000) is 970: a 3-digit count in the mark, one character shorter.
    const sut = cutLine('y'.repeat(5_000), 1_000);
    expect(sut).toBe(`${'y'.repeat(970)} [line cut at 970 characters]`);
    expect(sut.length).toBeLessThanOrEqual(1_000);
  });

  it('does not cut an emoji in half at the end of what it keeps', () => {
    // 12 units are kept: "x" and five emoji make 11, the sixth emoji would straddle the cut.
    const sut = cutLine(`x${'\u{1F680}'.repeat(30)}`, 40);
    expect(sut).toBe(`x${'\u{1F680}'.repeat(5)} [line cut at 12 characters]`);
  });
});
