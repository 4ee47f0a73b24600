import { writeFileSync } from 'node:fs';

import { format, resolveConfig } from 'prettier';

/** Writes generated Markdown formatted as `npm run lint` expects it. */
export async function writeMarkdown(path: string, markdown: string): Promise<void> {
  const options = await resolveConfig(path);
  writeFileSync(path, await format(markdown, { ...options, parser: 'markdown' }));
}
