/**
 * Prints a bcrypt hash for the users file (AUTH_USERS_FILE).
 *   npm run auth:hash-password               (asks for the password, not echoed)
 *   echo -n 's3cret' | npm run -s auth:hash-password
 */
import bcrypt from 'bcryptjs';
import { createInterface } from 'node:readline';

const COST = 12;
const MIN_LENGTH = 12;

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
if (password.length < MIN_LENGTH || Buffer.byteLength(password) > 72) {
  process.stderr.write(`The password must be ${MIN_LENGTH} to 72 characters long.\n`);
  process.exit(2);
}
process.stdout.write(`${await bcrypt.hash(password, COST)}\n`);
