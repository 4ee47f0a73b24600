#!/usr/bin/env node
import { registerLeanKubernetesClient } from './lean-kubernetes-client.js';

// Before the server's modules are resolved, so the hook sees client-node's first import; hence
// the dynamic import below.
registerLeanKubernetesClient();

try {
  const { start } = await import('./start.js');
  await start();
} catch (error) {
  process.stderr.write(`Start-up failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
