import { readFileSync } from 'node:fs';
import { registerHooks, type ResolveFnOutput, type ResolveHookContext } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The KubeConfig module of @kubernetes/client-node, and what it imports the generated API for. */
const CONFIG_MODULE = '/@kubernetes/client-node/dist/config.js';
const GENERATED_INDEX = './gen/index.js';
/** Each name config.js takes from the generated index, and the small module that defines it. */
export const CONFIG_NEEDS_FROM_GENERATED_INDEX: Record<string, string> = {
  createConfiguration: './gen/configuration.js',
  ServerConfiguration: './gen/servers.js',
};

/**
 * The module that stands in for the generated index when config.js imports it: the same
 * exports, taken from the same files of the same installed package.
 */
export function configDependencies(configUrl: string): string {
  const source = Object.entries(CONFIG_NEEDS_FROM_GENERATED_INDEX)
    .map(
      ([name, path]) => `export { ${name} } from ${JSON.stringify(new URL(path, configUrl).href)};`,
    )
    .join('\n');
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** The names a module's source imports from the generated index, sorted; none if it does not. */
export function namesFromGeneratedIndex(source: string): string[] {
  const list = /import\s*\{([^}]*)\}\s*from\s*['"]\.\/gen\/index\.js['"]/.exec(source)?.[1];
  return (list ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .sort();
}

const EXPECTED = Object.keys(CONFIG_NEEDS_FROM_GENERATED_INDEX).sort().join();

/**
 * Whether the installed config.js takes exactly the names the stand-in provides. A client-node
 * release that takes more gets the full index: more memory, but a server that starts.
 */
function standInFits(configUrl: string): boolean {
  const source = readFileSync(fileURLToPath(configUrl), 'utf8');
  return namesFromGeneratedIndex(source).join() === EXPECTED;
}

export function resolveLean(
  specifier: string,
  context: ResolveHookContext,
  nextResolve: (specifier: string, context?: Partial<ResolveHookContext>) => ResolveFnOutput,
): ResolveFnOutput {
  const parent = context.parentURL;
  if (specifier === GENERATED_INDEX && parent?.endsWith(CONFIG_MODULE) && standInFits(parent)) {
    return { url: configDependencies(parent), format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

/**
 * Keeps @kubernetes/client-node's generated API (every typed API class and model: about 16 MB
 * of source, over 20 MB of heap) out of the process until something asks for it.
 *
 * KubeConfig lives in config.js, which imports the whole generated index for the two small
 * functions makeApiClient needs. This hook hands config.js a module with just those two, from
 * the same files, so loading a kubeconfig costs what it should; the server makes its API
 * requests itself (libs/kubernetes imports client-node's modules one by one). Code that
 * imports the package root (a typed API class) still loads all of it, and works as before.
 * Must run before anything imports client-node: main.ts registers it, then loads the server.
 */
export function registerLeanKubernetesClient(): void {
  registerHooks({ resolve: resolveLean });
}
