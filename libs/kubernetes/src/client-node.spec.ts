import * as clientNode from '@kubernetes/client-node';

import { HttpMethod, KubeConfig, RequestContext, Watch, loadExec } from './client-node.js';

describe('client-node modules', () => {
  it('are the classes the package root exports, so both can be mixed', async () => {
    expect(KubeConfig).toBe(clientNode.KubeConfig);
    expect(RequestContext).toBe(clientNode.RequestContext);
    expect(HttpMethod).toBe(clientNode.HttpMethod);
    expect(Watch).toBe(clientNode.Watch);
    expect(await loadExec()).toBe(clientNode.Exec);
  });
});
