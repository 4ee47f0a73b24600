import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

// Copied next to the compiled code by `nest build` (nest-cli.json "assets").
const ASSET_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

const CONTENT_TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/**
 * The console's files, read once. Only these names are served: a request for anything else
 * is a 404, so no path from the URL ever reaches the file system.
 */
export class ConsoleAssets {
  private readonly files = new Map<string, ConsoleAsset>(
    Object.entries(CONTENT_TYPES).map(([name, contentType]) => [
      name,
      { body: readFileSync(join(ASSET_DIR, name)), contentType },
    ]),
  );

  get(name: string): ConsoleAsset | undefined {
    return this.files.get(name);
  }
}
