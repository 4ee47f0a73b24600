import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ENVIRONMENT_VARIABLE_NAMES } from './environment-variables.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

// Operators configure the server from README.md and .env.example: a variable the server
// reads but neither documents is a setting nobody can find.
describe('documented configuration', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const envExample = readFileSync(join(root, '.env.example'), 'utf8');

  it.each([...ENVIRONMENT_VARIABLE_NAMES])('%s is in the README and in .env.example', (name) => {
    expect(readme).toContain(`\`${name}\``);
    expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('documents no variable the server does not read', () => {
    const documented = [...envExample.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map(
      (match) => match[1],
    );
    const unknown = documented.filter(
      (name) => !(ENVIRONMENT_VARIABLE_NAMES as readonly string[]).includes(name),
    );
    expect(unknown).toEqual([]);
  });
});
