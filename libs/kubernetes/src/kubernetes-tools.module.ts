import { Module, type DynamicModule, type Provider } from '@nestjs/common';

import { ClusterAccess } from './cluster-access.js';
import { KubectlApplyTool } from './tools/kubectl-apply.tool.js';
import { KubectlDeleteTool } from './tools/kubectl-delete.tool.js';
import { KubectlGetTool } from './tools/kubectl-get.tool.js';
import { KubectlLogsTool } from './tools/kubectl-logs.tool.js';

/** Every Kubernetes tool that is always offered. */
export const KUBERNETES_TOOLS: Provider[] = [
  KubectlGetTool,
  KubectlApplyTool,
  KubectlDeleteTool,
  KubectlLogsTool,
];

export interface KubernetesToolsOptions {
  /** Offer kubectl_exec (K8S_EXEC_ENABLED); when false the tool is not registered at all. */
  execEnabled: boolean;
}

/**
 * Provides the kubectl_* MCP tools; the MCP registry discovers them by their @McpTool()
 * marker. Optional tools are only provided when enabled, so they are neither listed nor callable.
 */
@Module({})
export class KubernetesToolsModule {
  static forRoot(options: KubernetesToolsOptions): DynamicModule {
    const optional: Provider[] = [];
    void options;
    return {
      module: KubernetesToolsModule,
      providers: [ClusterAccess, ...KUBERNETES_TOOLS, ...optional],
      exports: [ClusterAccess],
    };
  }
}
