export { ClusterConnectionLogger } from './cluster-connection.logger.js';
export {
  KubernetesClientFactory,
  type ClusterContext,
  type ServerVersion,
} from './kubernetes-client.factory.js';
export { KubernetesModule } from './kubernetes.module.js';
export { KUBE_CONFIG } from './kubernetes.tokens.js';
export { KubeConfigError, loadKubeConfig, selectContext } from './load-kube-config.js';
export { ClusterAccess, ClusterConnection } from './cluster-access.js';
export { KubernetesToolsModule, type KubernetesToolsOptions } from './kubernetes-tools.module.js';
