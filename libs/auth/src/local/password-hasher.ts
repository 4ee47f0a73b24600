import bcrypt from 'bcryptjs';

/** Cost 12 takes ~250 ms per check: slow for a brute-force attacker, fine for a login. */
export const BCRYPT_COST = 12;
const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
// Compared against when the user does not exist, so unknown users take as long as known ones.
const DUMMY_HASH = bcrypt.hashSync('unknown-user-timing-equaliser', BCRYPT_COST);

export function isPasswordHash(value: string): boolean {
  return BCRYPT_HASH.test(value);
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** Checks a password against a stored bcrypt hash; without a hash it still spends the same time. */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== undefined && matches;
}
