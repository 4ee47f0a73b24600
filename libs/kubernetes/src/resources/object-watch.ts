import type { KubeConfig } from '@kubernetes/client-node';
import { Logger } from '@nestjs/common';

import { Watch } from '../client-node.js';

const logger = new Logger('KubernetesObjectWatch');
const RETRY_MS = 2_000;

/**
 * Watches one object (by name, from a known resourceVersion) and calls `onChange` on every
 * modification or deletion. The API server ends watches after a few minutes; this resumes from
 * the last version seen until `stop()` is called.
 */
export function watchObject(
  kubeConfig: KubeConfig,
  collectionPath: string,
  name: string,
  resourceVersion: string,
  onChange: (phase: string) => void,
): { stop(): void } {
  let stopped = false;
  let current: AbortController | undefined;
  let version = resourceVersion;
  const start = () => {
    if (stopped) return;
    new Watch(kubeConfig)
      .watch(
        collectionPath,
        {
          fieldSelector: `metadata.name=${name}`,
          resourceVersion: version,
          allowWatchBookmarks: true,
        },
        (phase, object: { metadata?: { resourceVersion?: string } }) => {
          if (object?.metadata?.resourceVersion) version = object.metadata.resourceVersion;
          if (phase === 'MODIFIED' || phase === 'DELETED' || phase === 'ADDED') onChange(phase);
        },
        (error: unknown) => {
          if (stopped) return;
          if (error)
            logger.debug(
              `Watch on ${collectionPath}/${name} ended: ${(error as Error).message}; resuming`,
            );
          setTimeout(start, error ? RETRY_MS : 0).unref();
        },
      )
      .then((controller) => {
        current = controller;
        if (stopped) controller.abort();
      })
      .catch((error: unknown) => {
        if (stopped) return;
        logger.debug(
          `Cannot watch ${collectionPath}/${name}: ${(error as Error).message}; retrying`,
        );
        setTimeout(start, RETRY_MS).unref();
      });
  };
  start();
  return {
    stop() {
      stopped = true;
      current?.abort();
    },
  };
}
