import { registeredTools } from '../../../scripts/docs/tool-docs.js';
import { createApp } from './bootstrap.js';

// Every tool's schema is sent to the model on every turn, so the catalogue's size is a cost
// paid all the time: an admin's whole catalogue and each tool stay within these budgets
// (docs/benchmarks.md reports where they stand). Never raise them without a reason.
const ADMIN_CATALOGUE_MAX_CHARS = 14_000;
const TOOL_MAX_CHARS = 1_400;

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
