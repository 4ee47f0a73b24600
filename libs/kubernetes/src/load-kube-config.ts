import type { KubernetesSettings } from '#config';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from './client-node.js';

const DEFAULT_KUBECONFIG = join(homedir(), '.kube', 'config');
const NO_CLUSTER =
  'No Kubernetes cluster is configured: set KUBECONFIG to a kubeconfig file, set K8S_IN_CLUSTER=true inside a pod, or run "npm run dev" to use the local cluster';

/** Raised when no usable cluster configuration can be loaded; the message says what to fix. */
export class KubeConfigError extends Error {
  override name = 'KubeConfigError';
}

/**
 * Loads cluster credentials the way kubectl users expect:
 * - in-cluster: the pod's service account (K8S_IN_CLUSTER=true);
 * - an explicit kubeconfig path (KUBECONFIG, colon-separated files are merged);
 * - otherwise the default lookup (~/.kube/config).
 * K8S_CONTEXT then picks a context other than the file's current-context.
 */
export function loadKubeConfig(
  settings: Pick<KubernetesSettings, 'kubeconfigPath' | 'context' | 'inCluster'>,
): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (settings.inCluster) {
      assertInCluster();
      kubeConfig.loadFromCluster();
    } else if (settings.kubeconfigPath) {
      const [first, ...rest] = settings.kubeconfigPath.split(':').filter(Boolean);
      kubeConfig.loadFromFile(first);
      for (const path of rest) {
        const extra = new KubeConfig();
        extra.loadFromFile(path);
        kubeConfig.mergeConfig(extra, true);
      }
    } else if (existsSync(DEFAULT_KUBECONFIG) || process.env.KUBERNETES_SERVICE_HOST) {
      kubeConfig.loadFromDefault();
    } else {
      throw new KubeConfigError(NO_CLUSTER);
    }
  } catch (error) {
    if (error instanceof KubeConfigError) throw error;
    const source = settings.inCluster
      ? 'the in-cluster service account'
      : (settings.kubeconfigPath ?? 'the default kubeconfig');
    throw new KubeConfigError(
      `Cannot load Kubernetes credentials from ${source}: ${(error as Error).message}`,
    );
  }
  if (settings.context) selectContext(kubeConfig, settings.context);
  if (!kubeConfig.getCurrentCluster()) {
    throw new KubeConfigError(NO_CLUSTER);
  }
  return kubeConfig;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** In-cluster mode needs what the kubelet gives every pod: the API address and a token. */
function assertInCluster(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.KUBERNETES_SERVICE_HOST || !env.KUBERNETES_SERVICE_PORT) {
    throw new KubeConfigError(
      'K8S_IN_CLUSTER=true but KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are unset, so this process is not running in a pod; set K8S_IN_CLUSTER=false and use KUBECONFIG instead',
    );
  }
  if (!existsSync(SERVICE_ACCOUNT_TOKEN)) {
    throw new KubeConfigError(
      `K8S_IN_CLUSTER=true but ${SERVICE_ACCOUNT_TOKEN} does not exist; mount a service account token (automountServiceAccountToken: true)`,
    );
  }
}

/** Switches the current context, naming the available ones when the name is unknown. */
export function selectContext(kubeConfig: KubeConfig, context: string): void {
  const names = kubeConfig.getContexts().map((candidate) => candidate.name);
  if (!names.includes(context)) {
    throw new KubeConfigError(
      `Context "${context}" is not in the kubeconfig; available contexts: ${names.join(', ') || '(none)'}`,
    );
  }
  kubeConfig.setCurrentContext(context);
}
