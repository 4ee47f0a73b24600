/**
 * Prints an argon2id hash for the users file (AUTH_USERS_FILE).
 *   npm run auth:hash-password               (asks for the password, not echoed)
 *   echo -n 's3cret' | npm run -s auth:hash-password
 * Runs as a plain Node script (type stripping), so it imports packages only; the parameters
 * are those of ARGON2_OPTIONS in local/password-hasher.ts, which a unit test checks.
 */
import { hash } from '@node-rs/argon2';
import { createInterface } from 'node:readline';

const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const MIN_LENGTH = 12;
// Login bodies allow at most 72 characters (the limit of the bcrypt hashes still accepted).
const MAX_BYTES = 72;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stderr.write('Password (not shown): ');
  const input = createInterface({ input: process.stdin, terminal: true });
  // Mute the echo of typed characters.
  (input as unknown as { _writeToOutput: () => void })._writeToOutput = () => undefined;
  const password = await new Promise<string>((resolve) => input.question('', resolve));
  input.close();
  process.stderr.write('\n');
  return password;
}

const password = await readPassword();
if (password.length < MIN_LENGTH || Buffer.byteLength(password) > MAX_BYTES) {
  process.stderr.write(`The password must be ${MIN_LENGTH} to ${MAX_BYTES} characters long.\n`);
  process.exit(2);
}
process.stdout.write(`${await hash(password, ARGON2_OPTIONS)}\n`);
