import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import {
  CONFIG_NEEDS_FROM_GENERATED_INDEX,
  configDependencies,
  namesFromGeneratedIndex,
  resolveLean,
} from './lean-kubernetes-client.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLIENT_NODE = join(
  dirname(
    createRequire(join(ROOT, 'package.json')).resolve('@kubernetes/client-node/package.json'),
  ),
  'dist',
);

/**
 * A child process with the hook registered (as main.ts does) that loads the kubeconfig modules
 * the server uses, then a typed API from the package root, and prints what it loaded.
 */
const CHILD = `
import { registerHooks } from 'node:module';
import { createServer } from 'node:http';
const { registerLeanKubernetesClient } = await import(${JSON.stringify(join(import.meta.dirname, 'lean-kubernetes-client.ts'))});
registerLeanKubernetesClient();
const loaded = [];
registerHooks({ resolve(specifier, context, next) { const answer = next(specifier, context); loaded.push(answer.url); return answer; } });
const { KubeConfig } = await import(${JSON.stringify(join(ROOT, 'libs/kubernetes/src/client-node.ts'))});
const server = createServer((request, response) => response.setHeader('content-type', 'application/json').end(JSON.stringify({ major: '1', minor: '36', gitVersion: 'v1.36.0', path: request.url })));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const kubeConfig = new KubeConfig();
kubeConfig.loadFromOptions({
  clusters: [{ name: 'c', server: 'http://127.0.0.1:' + server.address().port, skipTLSVerify: true }],
  users: [{ name: 'u', token: 't' }],
  contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
  currentContext: 'x',
});
const generatedBefore = loaded.filter((url) => /\\/gen\\/(apis|models|types)\\//.test(url)).length;
const { VersionApi } = await import('@kubernetes/client-node');
const version = await kubeConfig.makeApiClient(VersionApi).getCode();
server.close();
console.log(JSON.stringify({ generatedBefore, gitVersion: version.gitVersion }));
`;

describe('lean @kubernetes/client-node loading', () => {
  it('stands in for every name config.js imports from the generated index', () => {
    // Fails on a client-node upgrade that changes what KubeConfig takes from the generated API.
    const config = readFileSync(join(CLIENT_NODE, 'config.js'), 'utf8');
    expect(namesFromGeneratedIndex(config)).toEqual(
      Object.keys(CONFIG_NEEDS_FROM_GENERATED_INDEX).sort(),
    );
    for (const [name, path] of Object.entries(CONFIG_NEEDS_FROM_GENERATED_INDEX)) {
      expect(readFileSync(join(CLIENT_NODE, path), 'utf8')).toMatch(
        new RegExp(`export (class|function) ${name}\\b`),
      );
    }
  });

  it('reads the names a module imports from the generated index', () => {
    expect(
      namesFromGeneratedIndex(
        "import fs from 'node:fs';\nimport { ServerConfiguration, createConfiguration, Extra, } from './gen/index.js';",
      ),
    ).toEqual(['Extra', 'ServerConfiguration', 'createConfiguration']);
    expect(namesFromGeneratedIndex("import { KubeConfig } from './config.js';")).toEqual([]);
  });

  it('leaves a config.js that takes other names to the full generated index', () => {
    const dist = join(mkdtempSync(join(tmpdir(), 'lean-')), '@kubernetes/client-node/dist');
    mkdirSync(dist, { recursive: true });
    const configFile = join(dist, 'config.js');
    const context = {
      parentURL: pathToFileURL(configFile).href,
      conditions: [],
      importAttributes: {},
    };
    const next = jest.fn(() => ({ url: 'file:///full/gen/index.js' }));
    writeFileSync(
      configFile,
      "import { createConfiguration, ServerConfiguration } from './gen/index.js';",
    );
    expect(resolveLean('./gen/index.js', context, next).url).toMatch(/^data:text\/javascript,/);
    expect(next).not.toHaveBeenCalled();
    writeFileSync(
      configFile,
      "import { createConfiguration, ServerConfiguration, CoreV1Api } from './gen/index.js';",
    );
    expect(resolveLean('./gen/index.js', context, next).url).toBe('file:///full/gen/index.js');
    expect(resolveLean('./http/http.js', context, next).url).toBe('file:///full/gen/index.js');
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('takes the stand-in names from the installed package, next to config.js', () => {
    const configUrl = 'file:///srv/app/node_modules/@kubernetes/client-node/dist/config.js';
    const source = decodeURIComponent(configDependencies(configUrl).replace(/^data:[^,]*,/, ''));
    expect(source).toContain(
      'export { createConfiguration } from "file:///srv/app/node_modules/@kubernetes/client-node/dist/gen/configuration.js";',
    );
    expect(source).toContain(
      'export { ServerConfiguration } from "file:///srv/app/node_modules/@kubernetes/client-node/dist/gen/servers.js";',
    );
  });

  it('loads a kubeconfig without the generated API, and typed APIs still work', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ generatedBefore: 0, gitVersion: 'v1.36.0' });
  });
});
