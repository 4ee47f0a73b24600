import { logReadLimitBytes, readNewestWithin, type LogAnswer } from './log-read.js';

describe('logReadLimitBytes', () => {
  it('reads 4 bytes per character of the output budget, the most a UTF-8 character takes', () => {
    expect(logReadLimitBytes(40_000, false)).toBe(160_000);
    expect(logReadLimitBytes(1_000, false)).toBe(4_000);
  });

  it('reads 16 times more with grep, since most lines read are dropped', () => {
    expect(logReadLimitBytes(40_000, true)).toBe(2_560_000);
  });

  it('never asks for more than 64 MiB, nor for less than one byte', () => {
    expect(logReadLimitBytes(10_000_000, true)).toBe(64 * 1024 * 1024);
    expect(logReadLimitBytes(10_000_000, false)).toBe(40_000_000);
    expect(logReadLimitBytes(0, false)).toBe(1);
  });
});

describe('readNewestWithin', () => {
  /** A container log as the API server answers: the last `tail` lines, cut at `limit` bytes. */
  const apiServer = (log: (string | Buffer)[], limit: number) => {
    const asked: number[] = [];
    const read = async (tail: number): Promise<LogAnswer> => {
      asked.push(tail);
      const bytes = Buffer.concat(
        log.slice(-tail).map((line) => Buffer.concat([Buffer.from(line), Buffer.from('\n')])),
      );
      const sent = bytes.subarray(0, limit);
      return { text: sent.toString('utf8'), bytes: sent.length };
    };
    return { asked, read };
  };

  it('reads once when the lines fit', async () => {
    const sut = apiServer(['one', 'two', 'three'], 100);
    expect(await readNewestWithin(sut.read, 3, 100)).toEqual({
      lines: ['one', 'two', 'three'],
      cut: false,
    });
    expect(sut.asked).toEqual([3]);
  });

  it('reads again only as many of the newest lines as the cut read held whole', async () => {
    const log = Array.from({ length: 10 }, (_, i) => `line-${i}`); // 7 bytes each with \n
    const sut = apiServer(log, 20);
    expect(await readNewestWithin(sut.read, 10, 20)).toEqual({
      lines: ['line-8', 'line-9'],
      cut: true,
    });
    expect(sut.asked).toEqual([10, 2]);
  });

  it('reads fewer lines again when the newest lines are longer and still cut (three reads at most)', async () => {
    const sut = apiServer(['aa', 'bb', 'cc', 'dd', 'eeee', 'ffff'], 10);
    expect(await readNewestWithin(sut.read, 6, 10)).toEqual({
      lines: ['eeee', 'ffff'],
      cut: true,
    });
    expect(sut.asked).toEqual([6, 3, 2]);
    const longer = apiServer(['a', 'b', 'c', 'd', 'e', 'ffffff', 'gggggggg', 'hhhhhhhhhhhh'], 10);
    expect(await readNewestWithin(longer.read, 8, 10)).toEqual({ lines: ['gggggggg'], cut: true });
    expect(longer.asked).toEqual([8, 5, 2]);
  });

  it('keeps the start of one enormous line, marked as cut', async () => {
    const sut = apiServer(['small', 'x'.repeat(1_000)], 50);
    const result = await readNewestWithin(sut.read, 2, 50);
    expect(result.cut).toBe(true);
    expect(result.lines).toEqual([`${'x'.repeat(50)} [line cut at 50 bytes]`]);
    expect(sut.asked).toEqual([2, 1]);
  });

  it('counts a multi-byte character cut in half as a cut read', async () => {
    const sut = apiServer(['ééééé'], 5);
    const result = await readNewestWithin(sut.read, 1, 5);
    expect(result.cut).toBe(true);
    expect(result.lines).toEqual(['éé [line cut at 5 bytes]']);
  });

  it('counts a binary log by the bytes sent, not by its decoded, longer text', async () => {
    // 60 bytes that are not UTF-8 (with the newline) decode to 177 bytes of replacement characters.
    const sut = apiServer([Buffer.alloc(59, 0xff)], 100);
    const result = await readNewestWithin(sut.read, 1, 100);
    expect(result).toEqual({ lines: ['\uFFFD'.repeat(59)], cut: false });
    expect(sut.asked).toEqual([1]);
  });

  it('uses an answer already on its way for the first read', async () => {
    const sut = apiServer(['a', 'b'], 100);
    const first = Promise.resolve({ text: 'a\nb\n', bytes: 4 });
    expect(await readNewestWithin(sut.read, 2, 100, first)).toEqual({
      lines: ['a', 'b'],
      cut: false,
    });
    expect(sut.asked).toEqual([]);
  });
});
