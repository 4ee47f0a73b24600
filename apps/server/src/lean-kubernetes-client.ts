import { registerHooks, type ResolveFnOutput, type ResolveHookContext } from 'node:module';

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

export function resolveLean(
  specifier: string,
  context: ResolveHookContext,
  nextResolve: (specifier: string, context?: Partial<ResolveHookContext>) => ResolveFnOutput,
): ResolveFnOutput {
  if (specifier === GENERATED_INDEX && context.parentURL?.endsWith(CONFIG_MODULE)) {
    return { url: configDependencies(context.parentURL), format: 'module', shortCircuit: true };
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
