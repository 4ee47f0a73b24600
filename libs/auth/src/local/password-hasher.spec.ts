import { hashSync as bcryptHashSync } from '@node-rs/bcrypt';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  ARGON2_OPTIONS,
  dummyHashLike,
  hashPassword,
  isPasswordHash,
  verifyPassword,
} from './password-hasher.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const ARGON2_PREFIX = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

/** Median durations of `a` and `b`, sampled alternately so load on the machine hits both alike. */
async function medians(
  times: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < times; i++) {
    for (const [index, run] of [a, b].entries()) {
      const started = performance.now();
      await run();
      samples[index]!.push(performance.now() - started);
    }
  }
  const middle = (values: number[]): number =>
    values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return [middle(samples[0]), middle(samples[1])];
}

describe('password hashing', () => {
  it('hashes new passwords with argon2id and checks them', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith(ARGON2_PREFIX)).toBe(true);
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery!', hash)).toBe(false);
  });

  it('still accepts existing bcrypt hashes', async () => {
    const hash = bcryptHashSync('an-older-password', 4);
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('an-older-password', hash)).toBe(true);
    expect(await verifyPassword('another-password', hash)).toBe(false);
  });

  it.each([
    ['plain text', 'hunter2'],
    ['argon2i', '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    [
      '4 GiB of argon2 memory per login',
      '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
    ],
    ['bcrypt cost 31', `$2b$31$${'a'.repeat(53)}`],
  ])('refuses %s as a stored hash', (_case, value) => {
    expect(isPasswordHash(value)).toBe(false);
  });

  it('spends about as long on an unknown user as on a known one (no user enumeration by timing)', async () => {
    const known = bcryptHashSync('the-real-password', 10);
    await verifyPassword('warm-up', undefined, known);
    const [knownUser, unknownUser] = await medians(
      9,
      () => verifyPassword('a-wrong-password', known),
      () => verifyPassword('a-wrong-password', undefined, known),
    );
    expect(await verifyPassword('the-real-password', undefined, known)).toBe(false);
    // Loose bounds: the machine may be busy. The exact guarantee is the stand-in's cost, below.
    expect(unknownUser / knownUser).toBeGreaterThan(0.33);
    expect(unknownUser / knownUser).toBeLessThan(3);
    expect((await dummyHashLike(known)).slice(0, 7)).toBe('$2b$10$');
    const argon2 = await hashPassword('x'.repeat(12));
    expect((await dummyHashLike(argon2)).startsWith(ARGON2_PREFIX)).toBe(true);
  });

  it('keeps the event loop free while checks run on the thread pool', async () => {
    const hash = await hashPassword('correct horse battery');
    // Checked on the event loop, the 16 checks would run to their end before any timer fires
    // (timing the longest gap instead could not tell: 16 checks take about 250 ms either way).
    // On the thread pool timers keep firing, and a busy machine only adds more ticks.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await Promise.all(Array.from({ length: 16 }, () => verifyPassword('guess', hash)));
    const ticksWhileChecking = ticks;
    clearInterval(ticker);
    expect(ticksWhileChecking).toBeGreaterThanOrEqual(2);
  });

  it('npm run auth:hash-password prints an argon2id hash with the server’s parameters', () => {
    const output = execFileSync(
      process.execPath,
      [join(root, 'libs/auth/src/cli/hash-password.ts')],
      { input: 'a-long-password-1', encoding: 'utf8' },
    ).trim();
    expect(output.startsWith(ARGON2_PREFIX)).toBe(true);
    expect(isPasswordHash(output)).toBe(true);
  });
});
