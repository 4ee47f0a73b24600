import { McpPrompt, type McpPromptHandler, type PromptResult } from '#mcp';
import { z } from 'zod';

import { nameField, namespaceField } from '../tools/tool-fields.js';

const argsSchema = z.object({
  pod: nameField.describe('Name of the failing pod, e.g. "web-7d4b9-x2k4p"'),
  namespace: namespaceField.describe('Namespace of the pod (default: the server default)'),
});

/** Guides the model through the checks an SRE runs on a pod that will not start or keeps crashing. */
@McpPrompt()
export class DiagnosePodPrompt implements McpPromptHandler<typeof argsSchema> {
  readonly name = 'diagnose_pod';
  readonly title = 'Diagnose a failing pod';
  readonly description =
    'Find out why a pod is Pending, CrashLoopBackOff, ImagePullBackOff or not Ready, and propose a fix.';
  readonly argsSchema = argsSchema;

  get(args: z.infer<typeof argsSchema>): PromptResult {
    const ns = args.namespace ? `, "namespace": "${args.namespace}"` : '';
    return {
      description: `Diagnose pod ${args.pod}`,
      messages: [
        {
          role: 'user',
          content: {
            type: 'text',
            text: [
              `The pod "${args.pod}"${args.namespace ? ` in namespace "${args.namespace}"` : ''} is not working. Find the cause and propose a fix.`,
              `1. Call kubectl_describe {"resource": "pod", "name": "${args.pod}"${ns}} and read the phase, conditions, container states (waiting reason, last termination, exit code) and events.`,
              `2. If a container started at least once, call kubectl_logs {"pod": "${args.pod}"${ns}, "lines": 100}; after a crash also with "previous": true.`,
              `3. If it is Pending, check kubectl_events${ns ? ` {${ns.slice(2)}}` : ''} for scheduling problems (resources, taints, volumes).`,
              '4. Find the owner (Deployment, StatefulSet) with kubectl_get and check its spec (image, command, probes, resources, env from missing ConfigMaps/Secrets).',
              'Answer with: the root cause in one sentence, the evidence (quote the event or log line), and the exact change to make. Do not change anything without asking.',
            ].join('\n'),
          },
        },
      ],
    };
  }
}
