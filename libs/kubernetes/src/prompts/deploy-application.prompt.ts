import { McpPrompt, type McpPromptHandler, type PromptResult } from '#mcp';
import { z } from 'zod';

import { LIMITS, nameField, namespaceField } from '../tools/tool-fields.js';

// Prompt arguments arrive as strings; they are checked like the tool parameters they feed.
const argsSchema = z.object({
  name: nameField.describe('Application name, e.g. "nginx"'),
  image: z.string().min(1).max(LIMITS.image).describe('Container image, e.g. "nginx:1.27"'),
  replicas: z
    .string()
    .max(5)
    .regex(/^\d{1,5}$/, 'must be a whole number such as "3"')
    .optional()
    .describe('Number of replicas (default 1)'),
  port: z
    .string()
    .max(5)
    .regex(/^[1-9]\d{0,4}$/, 'must be a port number such as "80"')
    .optional()
    .describe('Container port to expose with a Service, e.g. "80"'),
  namespace: namespaceField.describe('Target namespace (default: the server default)'),
});

/** Deploys an application the safe way: render, dry-run, apply, then watch the rollout. */
@McpPrompt()
export class DeployApplicationPrompt implements McpPromptHandler<typeof argsSchema> {
  readonly name = 'deploy_application';
  readonly title = 'Deploy an application';
  readonly description =
    'Create a Deployment (and a Service when a port is given) for an image, validate it with a dry run, apply it and confirm the rollout.';
  readonly argsSchema = argsSchema;

  get(args: z.infer<typeof argsSchema>): PromptResult {
    const replicas = args.replicas ?? '1';
    const ns = args.namespace ? `, "namespace": "${args.namespace}"` : '';
    return {
      description: `Deploy ${args.name} (${args.image})`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `Deploy "${args.name}" from image ${args.image} with ${replicas} replica(s)${args.namespace ? ` in namespace "${args.namespace}"` : ''}.`,
              `1. Write a Deployment manifest: labels app=${args.name}, resource requests and limits, a readiness probe${args.port ? ` on port ${args.port}` : ''}, runAsNonRoot where the image allows it.`,
              args.port
                ? `2. Add a ClusterIP Service named ${args.name} for port ${args.port} in the same YAML (separate document with ---).`
                : '',
              `3. Call kubectl_apply {"yaml": <manifest>${ns}, "dryRun": true} and fix any error it reports.`,
              `4. Show me the manifest and ask for confirmation, then call kubectl_apply without dryRun.`,
              `5. Call kubectl_rollout {"action": "status", "name": "${args.name}"${ns}} until it reports success; if it does not, use the diagnose_pod steps on a failing pod.`,
            ]
              .filter(Boolean)
              .join('\n'),
          },
        },
      ],
    };
  }
}
