import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

import { adminKubeconfigPath } from '../support/cluster.js';

// Binaries built by scripts/control-plane/build.sh (see versions.sh for the pinned versions).
const CACHE =
  process.env.CONTROL_PLANE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mcp-kubernetes', 'control-plane');
export const HELM =
  process.env.HELM_BIN ?? join(CACHE, `helm-${process.env.HELM_VERSION ?? 'v3.22.0'}`, 'helm');
export const KUBECTL =
  process.env.KUBECTL_BIN ??
  join(CACHE, `kubernetes-${process.env.K8S_VERSION ?? 'v1.36.3'}`, 'kubectl');
export const CHART = join(process.cwd(), 'helm');
export const SCENARIOS = readdirSync(join(CHART, 'ci'))
  .filter((file) => file.endsWith('-values.yaml'))
  .sort();

if (!existsSync(HELM)) {
  throw new Error(`helm not found at ${HELM}; build it with npm run cluster:build`);
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** Runs helm; on failure the error carries helm's own message. */
export function helm(args: string[]): string {
  return run(HELM, args);
}

export function kubectl(args: string[], input?: string): string {
  return run(KUBECTL, ['--kubeconfig', adminKubeconfigPath(), ...args], input);
}

/** Runs a binary and returns stdout; throws with stderr when it fails. */
export function run(binary: string, args: string[], input?: string): string {
  try {
    return execFileSync(binary, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${binary} ${args.join(' ')} failed:\n${stderr ?? ''}${stdout ?? ''}`, {
      cause: error,
    });
  }
}

/** `helm template` of the chart with the given values files and --set pairs. */
export function render(
  valuesFiles: string[],
  sets: string[] = [],
  { release = 'mcp', namespace = 'mcp-system' } = {},
): string {
  return helm([
    'template',
    release,
    CHART,
    '--namespace',
    namespace,
    ...valuesFiles.flatMap((file) => ['-f', join(CHART, 'ci', file)]),
    ...sets.flatMap((pair) => ['--set', pair]),
  ]);
}

export function manifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

export function find(all: Manifest[], kind: string, name?: string): Manifest {
  const match = all.find(
    (m) => m.kind === kind && (name === undefined || m.metadata.name === name),
  );
  if (!match)
    throw new Error(`no ${kind}${name ? ` ${name}` : ''} in ${all.map((m) => m.kind).join(', ')}`);
  return match;
}
