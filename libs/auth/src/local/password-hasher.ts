import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';

import { CheckSlots } from './check-slots.js';

/**
 * Argon2id with OWASP's minimum settings: 19 MiB of memory, 2 passes, 1 lane (about 30 ms per
 * check here). `npm run auth:hash-password` writes the same parameters.
 */
export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Each native library is loaded on first use: a users file needs one of the two (an SSO-only
// deployment neither), and each costs about 3 MB of resident memory once loaded.
const argon2 = () => import('@node-rs/argon2');
const bcrypt = () => import('@node-rs/bcrypt');

// One core is left to the event loop; waiting checks beyond the queue get a 503 at once.
const slots = new CheckSlots(Math.max(1, availableParallelism() - 1), 256);

const ARGON2ID_HASH =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,128}$/;
const BCRYPT_HASH = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
// Bounds on what a hash in the users file may make each login cost.
const MAX_ARGON2_MEMORY_KIB = 262144;
const MAX_ARGON2_PASSES = 10;
const MAX_BCRYPT_COST = 15;

/** An argon2id (new) or bcrypt (still accepted) hash with sane cost parameters. */
export function isPasswordHash(value: string): boolean {
  const argon2 = ARGON2ID_HASH.exec(value);
  if (argon2) {
    const [memory, passes, lanes] = argon2.slice(1).map(Number);
    return (
      memory! >= 8 * lanes! &&
      memory! <= MAX_ARGON2_MEMORY_KIB &&
      passes! >= 1 &&
      passes! <= MAX_ARGON2_PASSES &&
      lanes! >= 1
    );
  }
  const bcrypt = BCRYPT_HASH.exec(value);
  return bcrypt !== null && Number(bcrypt[1]) >= 4 && Number(bcrypt[1]) <= MAX_BCRYPT_COST;
}

/** An argon2id hash, computed on the libuv thread pool. */
export function hashPassword(password: string): Promise<string> {
  return slots.run(async () => (await argon2()).hash(password, ARGON2_OPTIONS));
}

/**
 * Checks a password against an argon2id or bcrypt hash on the thread pool, so the event loop
 * keeps serving while a login is checked; at most one check per core but one runs at a time,
 * so a burst of logins leaves a core to everything else. Without a hash (unknown user) it checks against a
 * throw-away hash with the same parameters as `sameCostAs` (any account's hash), so an unknown
 * name costs what a known one does and timing does not tell which names exist.
 */
export async function verifyPassword(
  password: string,
  hash: string | undefined,
  sameCostAs?: string,
): Promise<boolean> {
  if (hash !== undefined) return check(password, hash);
  await check(password, await dummyHashLike(sameCostAs));
  return false;
}

function check(password: string, hash: string): Promise<boolean> {
  return slots.run(async () =>
    BCRYPT_HASH.test(hash)
      ? (await bcrypt()).verify(password, hash)
      : (await argon2()).verify(hash, password),
  );
}

const dummies = new Map<string, Promise<string>>();

/** A hash of a random password with the algorithm and cost of `model` (argon2id defaults without). */
export function dummyHashLike(model: string | undefined): Promise<string> {
  const bcryptCost = model ? BCRYPT_HASH.exec(model) : null;
  const argon2Cost = model ? ARGON2ID_HASH.exec(model) : null;
  const key = bcryptCost
    ? `bcrypt:${bcryptCost[1]}`
    : argon2Cost
      ? `argon2:${argon2Cost.slice(1, 4).join(',')}`
      : 'default';
  let dummy = dummies.get(key);
  if (!dummy) {
    const secret = randomBytes(16).toString('hex');
    dummy = slots.run(async () =>
      bcryptCost
        ? (await bcrypt()).hash(secret, Number(bcryptCost[1]))
        : (await argon2()).hash(
            secret,
            argon2Cost
              ? {
                  memoryCost: Number(argon2Cost[1]),
                  timeCost: Number(argon2Cost[2]),
                  parallelism: Number(argon2Cost[3]),
                }
              : ARGON2_OPTIONS,
          ),
    );
    // A failed attempt (queue full) must not stay cached: the next login tries again.
    dummy.catch(() => dummies.delete(key));
    dummies.set(key, dummy);
  }
  return dummy;
}
