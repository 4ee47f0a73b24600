import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-kubernetes');

/**
 * A Python virtual environment with the packages of `requirementsFile` installed from PyPI,
 * created once per machine in ~/.cache/mcp-kubernetes/python-venv-<hash of the file> and reused
 * until the file changes. Returns the path of its python. Built in a temporary folder and
 * renamed into place, so a run that dies half-way never leaves a broken venv behind.
 */
export function pythonVenv(requirementsFile: string): string {
  const hash = createHash('sha256').update(readFileSync(requirementsFile)).digest('hex');
  const venv = join(CACHE, `python-venv-${hash.slice(0, 12)}`);
  const python = join(venv, 'bin', 'python');
  if (existsSync(python)) return python;

  mkdirSync(CACHE, { recursive: true });
  const building = `${venv}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  createVenv(building);
  // `python -m pip`, not bin/pip: pip's script names the building folder in its #! line.
  execFileSync(
    join(building, 'bin', 'python'),
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirementsFile],
    { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 },
  );
  try {
    renameSync(building, venv);
  } catch (error) {
    // Another run finished first: use its venv.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(python)) throw error;
  }
  return python;
}

function createVenv(path: string): void {
  try {
    execFileSync('python3', ['-m', 'venv', path], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `python3 -m venv failed: install Python 3.10+ with venv support ("sudo apt-get install -y python3-venv"; the e2e setup does this itself when run as root).`,
      { cause: error },
    );
  }
}
