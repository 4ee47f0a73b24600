import { registeredTools } from '../../../scripts/docs/tool-docs.js';
import { createApp } from './bootstrap.js';

// Every tool's schema is sent to the model on every turn, so the catalogue's size is a cost
// paid all the time. Ratchets: lower them when the catalogue shrinks, never raise them
// without a reason. (Goal: 14,000 and 1,400; docs/benchmarks.md reports where it stands.)
const ADMIN_CATALOGUE_MAX_CHARS = 16_500;
const TOOL_MAX_CHARS = 2_000;

describe('tools/list size', () => {
  it('stays within its budget for an admin, with an output schema and an example on every tool', async () => {
    const tools = await registeredTools(createApp);
    // registeredTools switches kubectl_exec on; an admin of a default deployment does not see it.
    const admin = tools.filter((tool) => tool.name !== 'kubectl_exec');
    const sizes = tools.map((tool) => [tool.name, JSON.stringify(tool).length] as const);
    for (const tool of tools) {
      expect([tool.name, tool.outputSchema?.type]).toEqual([tool.name, 'object']);
      expect([tool.name, tool.description]).toEqual([
        tool.name,
        expect.stringMatching(/Example: \{/),
      ]);
    }
    expect(JSON.stringify(admin).length).toBeLessThanOrEqual(ADMIN_CATALOGUE_MAX_CHARS);
    expect(sizes.filter(([, chars]) => chars > TOOL_MAX_CHARS)).toEqual([]);
  });
});
