import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The production entry point exactly as `npm start` runs it, on the Node 24 of node_modules.
export const ROOT = process.cwd();
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const MAIN = join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js');

/** Newest modification time of the server's sources and assets, to rebuild dist/ when stale. */
function newestSource(): number {
  return ['apps', 'libs']
    .flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((file) =>
        join(ROOT, dir, file),
      ),
    )
    .filter((file) => !file.endsWith('.spec.ts') && statSync(file).isFile())
    .reduce((newest, file) => Math.max(newest, statSync(file).mtimeMs), 0);
}

/** Runs `npm run build` when dist/ is missing or older than a source file. */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && newestSource() <= statSync(MAIN).mtimeMs) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}
