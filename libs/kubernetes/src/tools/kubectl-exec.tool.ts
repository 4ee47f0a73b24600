import type { V1Status } from '@kubernetes/client-node';
import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { Writable } from 'node:stream';
import { z } from 'zod';

import { ClusterAccess } from '../cluster-access.js';
import { loadExec } from '../client-node.js';
import { assertNamespaceAllowed } from '../namespace-access.js';
import { capText } from '../output/output-limit.js';
import { chooseContainer, type PodSpecLike } from './pod-logs.js';
import { LIMITS, containerField, contextField, nameField, namespaceField } from './tool-fields.js';
import { runTool, toolFailure, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  pod: nameField.describe('e.g. "web-7d4b9-x2k4p"'),
  command: z
    .array(z.string().min(1).max(LIMITS.commandArgument))
    .min(1)
    .max(100)
    .describe('Program and arguments, no shell, e.g. ["nginx","-T"]'),
  namespace: namespaceField,
  container: containerField,
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(300)
    .default(30)
    .describe('Stop waiting after this long'),
  context: contextField,
});

const outputSchema = z.object({
  pod: z.string(),
  container: z.string(),
  exitCode: z.number().optional(),
  stdout: z.string(),
  stderr: z.string(),
  truncated: z.boolean(),
});

/** Offered only when K8S_EXEC_ENABLED=true: running commands in containers is powerful. */
@McpTool()
export class KubectlExecTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_exec';
  readonly title = 'Run a command in a container';
  readonly description = [
    'Run one command in a container; returns output and exit code, like `kubectl exec -- cmd`.',
    'No shell, no input; keep it read-only unless the user asked for a change.',
    'Example: {"pod":"web-7d4b9-x2k4p","namespace":"prod","command":["nginx","-T"]}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = {
    title: this.title,
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  };

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const connection = this.access.connect(input.context, ctx.caller);
      const namespace = input.namespace ?? connection.defaultNamespace;
      Object.assign(target, { type: await connection.resolve('pods'), name: input.pod, namespace });
      assertNamespaceAllowed(ctx.caller, namespace);
      const pod = await connection.http.json<PodSpecLike>({
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(input.pod)}`,
        signal: ctx.signal,
      });
      const container = chooseContainer(pod, input.container);
      const stdout = collector();
      const stderr = collector();
      const Exec = await loadExec();
      const status = await new Promise<V1Status | undefined>((resolve, reject) => {
        const timer = setTimeout(() => resolve(undefined), input.timeoutSeconds * 1000);
        new Exec(connection.kubeConfig)
          .exec(
            namespace,
            input.pod,
            container,
            input.command,
            stdout.stream,
            stderr.stream,
            null,
            false,
            (result) => {
              clearTimeout(timer);
              resolve(result);
            },
          )
          .then((socket) => ctx.signal.addEventListener('abort', () => socket.close()))
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error);
          });
      });
      const max = this.access.maxOutputChars;
      const out = capText(
        stdout.text(),
        Math.floor(max * 0.8),
        'print less, e.g. pipe through head in the command',
      );
      const err = capText(stderr.text(), Math.floor(max * 0.2), 'stderr cut');
      const exitCode = exitCodeOf(status);
      const structured = {
        pod: input.pod,
        container,
        ...(exitCode !== undefined ? { exitCode } : {}),
        stdout: out.text,
        stderr: err.text,
        truncated: out.truncated || err.truncated,
      };
      if (!status)
        return {
          ...toolFailure(
            `The command did not finish within ${input.timeoutSeconds}s.\n${out.text}`,
          ),
          structuredContent: structured,
        };
      const text = [
        out.text,
        err.text ? `[stderr]\n${err.text}` : '',
        exitCode ? `[exit code ${exitCode}]` : '',
      ]
        .filter(Boolean)
        .join('\n');
      return toolSuccess(text || '(no output)', structured);
    });
  }
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function exitCodeOf(status: V1Status | undefined): number | undefined {
  if (!status) return undefined;
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message ? Number(cause.message) : 1;
}
