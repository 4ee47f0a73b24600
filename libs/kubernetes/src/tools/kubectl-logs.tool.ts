import { McpTool, type McpToolHandler, type ToolCallContext, type ToolResult } from '#mcp';
import { z } from 'zod';

import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess } from '../cluster-access.js';
import { FollowSlots, followLog, type FollowEnd, type FollowedLog } from './follow-log.js';
import { assertNamespaceAllowed } from '../namespace-access.js';
import { logReadLimitBytes, readNewestWithin } from './log-read.js';
import { chooseContainer, keepLastWithin, lineFilter, type PodSpecLike } from './pod-logs.js';
import {
  containerField,
  contextField,
  labelSelectorField,
  nameField,
  namespaceField,
  patternField,
} from './tool-fields.js';
import { READ_ONLY_CLUSTER_TOOL, runTool, toolInput, toolSuccess } from './tool-support.js';

const DEFAULT_LINES = 100;
// When following, the recent lines shown before new ones arrive, and the default duration.
const FOLLOW_DEFAULT_LINES = 10;
const FOLLOW_DEFAULT_SECONDS = 30;
const MAX_PODS = 10;
// With a grep filter the server cannot filter, so this many recent lines are searched.
const GREP_WINDOW = 10_000;

const FOLLOW_ENDINGS: Record<FollowEnd, (seconds: number) => string> = {
  duration: (seconds) => `followed for ${seconds}s; call again with follow=true to keep watching`,
  'stream-ended': () => 'the container stopped writing: the log stream ended',
  cancelled: () => 'following cancelled by the client',
};

const inputSchema = toolInput({
  pod: nameField.optional(),
  namespace: namespaceField,
  container: containerField,
  lines: z.number().int().min(1).max(100_000).optional().describe(`Default ${DEFAULT_LINES}`),
  // Named as in kubectl and the API's PodLogOptions: the names say what they do.
  previous: z.boolean().optional(),
  sinceSeconds: z.number().int().min(1).optional(),
  timestamps: z.boolean().optional(),
  grep: patternField.describe('Case-insensitive regex, e.g. "error|oom"'),
  follow: z.boolean().optional().describe('Live for durationSeconds, like -f'),
  // No schema maximum: the limit is K8S_LOGS_FOLLOW_MAX_SECONDS, checked (and named) per call.
  durationSeconds: z.number().int().min(1).optional().describe(`Default ${FOLLOW_DEFAULT_SECONDS}`),
  labelSelector: labelSelectorField,
  context: contextField,
});

const outputSchema = z.object({
  namespace: z.string(),
  logs: z.array(
    z.object({
      pod: z.string(),
      container: z.string(),
      lines: z.array(z.string()),
      omitted: z.number(),
      readLimitBytes: z.number().optional(),
    }),
  ),
  truncated: z.boolean(),
  follow: z
    .object({
      durationSeconds: z.number(),
      // 'duration', 'stream-ended' or 'cancelled'; the text says what each means.
      ended: z.string(),
    })
    .optional(),
});

/** One container's lines in the result; `readLimitBytes` when that limit cut the read. */
type LogSection = z.infer<typeof outputSchema>['logs'][number];

interface Pod extends PodSpecLike {
  metadata: { name: string };
}

@McpTool()
export class KubectlLogsTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_logs';
  readonly title = 'Read container logs';
  readonly description = [
    `Recent log lines of a pod, or up to ${MAX_PODS} by labelSelector, like \`kubectl logs\`.`,
    'Example: {"pod":"web-7d4b9-x2k4p","lines":100}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = { title: this.title, ...READ_ONLY_CLUSTER_TOOL };

  private readonly follows = new FollowSlots();

  constructor(private readonly access: ClusterAccess) {}

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      if (!input.pod === !input.labelSelector)
        throw new ToolInputError('Give exactly one of pod or labelSelector');
      const followSeconds = this.followSeconds(input);
      const connection = this.access.connect(input.context, ctx.caller);
      const namespace = input.namespace ?? connection.defaultNamespace;
      const podType = await connection.resolve('pods');
      Object.assign(target, { type: podType, name: input.pod, namespace });
      assertNamespaceAllowed(ctx.caller, namespace);
      const base = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
      const wanted = input.lines ?? (followSeconds ? FOLLOW_DEFAULT_LINES : DEFAULT_LINES);
      const logPath = (pod: string) => `${base}/${encodeURIComponent(pod)}/log`;
      const tailLines = input.grep ? Math.max(wanted, GREP_WINDOW) : wanted;
      const logQuery = (container?: string, limitBytes?: number, tail = tailLines) => ({
        container,
        previous: input.previous || undefined,
        sinceSeconds: input.sinceSeconds,
        timestamps: input.timestamps || undefined,
        tailLines: tail,
        limitBytes,
      });
      const readLimit = (podCount: number) =>
        logReadLimitBytes(Math.floor(this.access.maxOutputChars / podCount), Boolean(input.grep));
      // One named pod, no container given: the API server picks a pod's only container just as
      // chooseContainer does, so the log is read while the pod is (one round trip, not two).
      // With several containers chooseContainer refuses and this answer is dropped.
      const early =
        input.pod && !input.container && !followSeconds
          ? connection.http.textWithSize({
              path: logPath(input.pod),
              signal: ctx.signal,
              query: logQuery(undefined, readLimit(1)),
            })
          : undefined;
      early?.catch(() => undefined);
      const pods = input.pod
        ? [
            await connection.http.json<Pod>({
              path: `${base}/${encodeURIComponent(input.pod)}`,
              signal: ctx.signal,
            }),
          ]
        : (
            await connection.http.json<{ items: Pod[] }>({
              path: base,
              query: { labelSelector: input.labelSelector, limit: MAX_PODS },
              signal: ctx.signal,
            })
          ).items;
      if (!pods.length)
        throw new ToolInputError(
          `No pods match "${input.labelSelector}" in namespace "${namespace}"`,
        );

      const keep = lineFilter(input.grep);
      const budget = Math.floor(this.access.maxOutputChars / pods.length);
      const logs: LogSection[] = [];
      let followed: FollowedLog | undefined;
      for (const pod of pods) {
        const container = chooseContainer(pod, input.container);
        target.name = pod.metadata.name;
        const path = logPath(pod.metadata.name);
        const limitBytes = readLimit(pods.length);
        if (followSeconds) {
          const release = this.follows.take(ctx.caller.subject);
          try {
            followed = await followLog(connection.http, {
              path,
              query: logQuery(container, undefined, wanted),
              durationMs: followSeconds * 1000,
              signal: ctx.signal,
              keep,
              budget,
              report: ctx.interim,
            });
          } finally {
            release();
          }
          const { lines, omitted } = followed;
          logs.push({ pod: pod.metadata.name, container, lines, omitted });
          continue;
        }
        const read = await readNewestWithin(
          (tail) =>
            connection.http.textWithSize({
              path,
              signal: ctx.signal,
              query: logQuery(container, limitBytes, tail),
            }),
          tailLines,
          limitBytes,
          early,
        );
        const matching = read.lines.filter(keep).slice(-wanted);
        const capped = keepLastWithin(matching, budget);
        logs.push({
          pod: pod.metadata.name,
          container,
          lines: capped.lines,
          omitted: capped.omitted,
          ...(read.cut ? { readLimitBytes: limitBytes } : {}),
        });
      }
      const truncated = logs.some((log) => log.omitted > 0 || log.readLimitBytes !== undefined);
      const sections = logs.map((log) => {
        const header = pods.length > 1 ? `==> pod/${log.pod} container ${log.container} <==\n` : '';
        const cutRead = log.readLimitBytes
          ? `[the read stopped at ${log.readLimitBytes} bytes of log (a limit that follows MCP_MAX_OUTPUT_CHARS); older lines were not read: ask for fewer lines, a grep filter or sinceSeconds]\n`
          : '';
        const note = log.omitted
          ? `[${log.omitted} earlier lines cut to stay within MCP_MAX_OUTPUT_CHARS; ask for fewer lines, a grep filter or sinceSeconds]\n`
          : '';
        const body = log.lines.length
          ? log.lines.join('\n')
          : input.grep
            ? `(no lines match "${input.grep}")`
            : '(no log lines)';
        return `${header}${cutRead}${note}${body}`;
      });
      const follow =
        followed && followSeconds
          ? { durationSeconds: followSeconds, ended: followed.ended }
          : undefined;
      const footer = follow ? `\n[${FOLLOW_ENDINGS[follow.ended](follow.durationSeconds)}]` : '';
      return toolSuccess(sections.join('\n') + footer, {
        namespace,
        logs,
        truncated,
        ...(follow ? { follow } : {}),
      });
    });
  }

  /** Seconds to follow, or undefined when not following; refuses combinations that cannot work. */
  private followSeconds(input: z.infer<typeof inputSchema>): number | undefined {
    if (!input.follow) {
      if (input.durationSeconds !== undefined)
        throw new ToolInputError('durationSeconds applies only with follow=true');
      return undefined;
    }
    if (!input.pod)
      throw new ToolInputError(
        'follow reads one pod: name it with pod (labelSelector reads several pods once, without follow)',
      );
    if (input.previous)
      throw new ToolInputError(
        'previous=true reads a container instance that has ended, which cannot be followed; drop follow or previous',
      );
    const max = this.access.logsFollowMaxSeconds;
    const seconds = input.durationSeconds ?? Math.min(FOLLOW_DEFAULT_SECONDS, max);
    if (seconds > max)
      throw new ToolInputError(
        `durationSeconds may be at most ${max} (K8S_LOGS_FOLLOW_MAX_SECONDS); follow for less, then call again to continue`,
      );
    return seconds;
  }
}
