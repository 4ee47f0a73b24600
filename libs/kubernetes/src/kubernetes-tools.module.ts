import { Module, type DynamicModule, type Provider } from '@nestjs/common';

import { ClusterAccess } from './cluster-access.js';
import { ClusterHealthPrompt } from './prompts/cluster-health.prompt.js';
import { DeployApplicationPrompt } from './prompts/deploy-application.prompt.js';
import { DiagnosePodPrompt } from './prompts/diagnose-pod.prompt.js';
import { KubernetesObjectResource } from './resources/kubernetes-object.resource.js';
import { KubectlApiResourcesTool } from './tools/kubectl-api-resources.tool.js';
import { KubectlApplyTool } from './tools/kubectl-apply.tool.js';
import { KubectlContextsTool } from './tools/kubectl-contexts.tool.js';
import { KubectlDeleteTool } from './tools/kubectl-delete.tool.js';
import { KubectlDescribeTool } from './tools/kubectl-describe.tool.js';
import { KubectlEventsTool } from './tools/kubectl-events.tool.js';
import { KubectlExecTool } from './tools/kubectl-exec.tool.js';
import { KubectlGetTool } from './tools/kubectl-get.tool.js';
import { KubectlLogsTool } from './tools/kubectl-logs.tool.js';
import { KubectlRolloutTool } from './tools/kubectl-rollout.tool.js';
import { KubectlScaleTool } from './tools/kubectl-scale.tool.js';
import { KubectlTopTool } from './tools/kubectl-top.tool.js';

/** Every Kubernetes tool that is always offered. */
export const KUBERNETES_TOOLS: Provider[] = [
  KubectlGetTool,
  KubectlApplyTool,
  KubectlDeleteTool,
  KubectlLogsTool,
  KubectlDescribeTool,
  KubectlEventsTool,
  KubectlScaleTool,
  KubectlRolloutTool,
  KubectlApiResourcesTool,
  KubectlTopTool,
  KubectlContextsTool,
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
    const optional: Provider[] = options.execEnabled ? [KubectlExecTool] : [];
    return {
      module: KubernetesToolsModule,
      providers: [
        ClusterAccess,
        ...KUBERNETES_TOOLS,
        ...optional,
        KubernetesObjectResource,
        DiagnosePodPrompt,
        ClusterHealthPrompt,
        DeployApplicationPrompt,
      ],
      exports: [ClusterAccess],
    };
  }
}
