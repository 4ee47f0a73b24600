import { AppConfig } from '#config';
import { Global, Module } from '@nestjs/common';

import { ClusterConnectionLogger } from './cluster-connection.logger.js';
import { KubernetesClientFactory } from './kubernetes-client.factory.js';
import { KUBE_CONFIG } from './kubernetes.tokens.js';
import { loadKubeConfig } from './load-kube-config.js';

@Global()
@Module({
  providers: [
    {
      provide: KUBE_CONFIG,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loadKubeConfig(config.kubernetes),
    },
    KubernetesClientFactory,
    ClusterConnectionLogger,
  ],
  exports: [KUBE_CONFIG, KubernetesClientFactory],
})
export class KubernetesModule {}
