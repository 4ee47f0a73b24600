import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';

import { adminKubeConfig } from './cluster.js';

/** A namespace with Deployment "web" of `replicas` pods, returned once all are Running. */
export async function createRunningPods(namespace: string, replicas: number): Promise<string[]> {
  const kubeConfig = adminKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await kubeConfig.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
        },
      },
    },
  });
  for (let i = 0; i < 120; i++) {
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    const running = pods.items.filter((pod) => pod.status?.phase === 'Running');
    if (running.length === replicas) return running.map((pod) => pod.metadata!.name!).sort();
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${replicas} pods of ${namespace}/web did not reach Running in 2 minutes`);
}

export async function deleteNamespace(namespace: string): Promise<void> {
  await adminKubeConfig()
    .makeApiClient(CoreV1Api)
    .deleteNamespace({ name: namespace })
    .catch(() => undefined);
}
