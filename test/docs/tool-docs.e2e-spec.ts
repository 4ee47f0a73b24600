import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createApp } from '../../apps/server/src/bootstrap.js';
import { registeredTools, renderToolDocs, TOOL_DOCS_PATH } from '../../scripts/docs/tool-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// docs/tools.md is generated from the registry; a tool or parameter changed without
// regenerating it would leave users reading a schema the server no longer has.
describe('docs/tools.md', () => {
  it('matches the tool registry (run `npm run docs:tools` to regenerate)', async () => {
    const tools = await registeredTools(createApp);
    const expected = await renderToolDocs(tools);
    const actual = readFileSync(join(root, TOOL_DOCS_PATH), 'utf8');
    if (actual !== expected) {
      throw new Error(
        `${TOOL_DOCS_PATH} is out of date with the tool registry: run "npm run docs:tools" and commit the result.`,
      );
    }
    for (const tool of tools) {
      expect(actual).toContain(`## ${tool.name}\n`);
      for (const parameter of Object.keys(tool.inputSchema.properties ?? {})) {
        expect(actual).toContain(`| \`${parameter}\``);
      }
    }
  });
});
