import {
  McpTool,
  type ConfirmationRequest,
  type McpToolHandler,
  type ToolCallContext,
  type ToolResult,
} from '#mcp';
import { z } from 'zod';

import { resourcePath, type ApiResource } from '../api/api-resource.js';
import { ToolInputError } from '../api/kubernetes-api.error.js';
import { ClusterAccess, type ClusterConnection } from '../cluster-access.js';
import type { ErrorTarget } from '../kubernetes-errors.js';
import { resourceLabel } from './manifest-documents.js';
import { resolveNamespaceScope } from './namespace-scope.js';
import { assertMayResume, resumeDeployment, type PausableDeployment } from './rollout-resume.js';
import { deploymentRevisions, undoTarget } from './rollout-revisions.js';
import { rolloutStatus, type WorkloadLike } from './rollout-status.js';
import { contextField, nameField, namespaceField, resourceField } from './tool-fields.js';
import { inNamespace, runPreview, runTool, toolInput, toolSuccess } from './tool-support.js';

const inputSchema = toolInput({
  action: z.enum(['status', 'restart', 'undo', 'history', 'pause', 'resume']),
  resource: resourceField.default('deployment').describe('deployment, statefulset or daemonset'),
  name: nameField.describe('e.g. "web"'),
  namespace: namespaceField,
  toRevision: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('For undo; default the previous revision'),
  context: contextField,
});

const outputSchema = z.object({
  action: z.string(),
  workload: z.string(),
  namespace: z.string(),
  done: z.boolean().optional(),
  message: z.string(),
  revisions: z
    .array(
      z.object({
        revision: z.number(),
        changeCause: z.string().optional(),
        image: z.string().optional(),
      }),
    )
    .optional(),
});

@McpTool()
export class KubectlRolloutTool implements McpToolHandler<typeof inputSchema> {
  readonly name = 'kubectl_rollout';
  readonly title = 'Manage a workload rollout';
  readonly description = [
    'Rollout of a Deployment, StatefulSet or DaemonSet, like `kubectl rollout`:',
    'status, restart (new pods), history, undo (to toRevision or the previous), pause/resume.',
    'Example: {"action":"status","name":"web","namespace":"prod"}.',
  ].join(' ');
  readonly inputSchema = inputSchema;
  readonly outputSchema = outputSchema;
  readonly annotations = {
    title: this.title,
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  };

  constructor(private readonly access: ClusterAccess) {}

  /**
   * An undo replaces the running version, so a person confirms it. An undo or resume the
   * caller's Pod Security level refuses is refused before anyone is asked.
   */
  async confirmation(
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    policyAsks: boolean,
  ): Promise<ConfirmationRequest | undefined> {
    const changes = !['status', 'history'].includes(input.action);
    if (input.action !== 'undo' && !(policyAsks && changes)) return undefined;
    return runPreview(ctx, input.context, async (target) => {
      const { connection, type, namespace } = await this.locate(input, ctx, target);
      const path = resourcePath(type, namespace, input.name);
      const label = resourceLabel(type, input.name);
      // A revision the caller may not return to is refused before a person is asked.
      if (input.action === 'undo' && type.resource === 'deployments') {
        const workload = await connection.http.json<
          PausableDeployment & { metadata: { uid: string } }
        >({ path, signal: ctx.signal });
        assertNotPaused(label, workload);
        const revisions = await deploymentRevisions(
          connection,
          namespace,
          workload.metadata.uid,
          ctx.signal,
        );
        // Undo to the current revision changes nothing, so there is nothing to confirm.
        if (!undoTarget(ctx.caller, type, label, revisions, input.toRevision)) return undefined;
      }
      // So is a resume that would roll out a template the caller may not write.
      if (input.action === 'resume' && type.resource === 'deployments') {
        const workload = await connection.http.json<PausableDeployment>({
          path,
          signal: ctx.signal,
        });
        assertMayResume(ctx.caller, type, label, workload);
      }
      const revision = input.toRevision ? `revision ${input.toRevision}` : 'the previous revision';
      return {
        summary:
          input.action === 'undo'
            ? `Roll back ${input.resource} "${input.name}"${inNamespace(namespace)} to ${revision}, replacing the running version`
            : `${input.action} the rollout of ${input.resource} "${input.name}"${inNamespace(namespace)}`,
      };
    });
  }

  /** Checks the type and the caller's access to the workload's namespace. */
  private async locate(
    input: z.infer<typeof inputSchema>,
    ctx: ToolCallContext,
    target: ErrorTarget,
  ): Promise<{ connection: ClusterConnection; type: ApiResource; namespace: string }> {
    const connection = this.access.connect(input.context, ctx.caller);
    const type = await connection.resolve(input.resource);
    if (
      type.group !== 'apps' ||
      !['deployments', 'statefulsets', 'daemonsets'].includes(type.resource)
    ) {
      throw new ToolInputError(
        `Rollouts apply to deployments, statefulsets and daemonsets, not ${type.resource}`,
      );
    }
    const namespace = resolveNamespaceScope(ctx.caller, connection, type, input, target)
      .namespaces[0]!;
    return { connection, type, namespace };
  }

  call(input: z.infer<typeof inputSchema>, ctx: ToolCallContext): Promise<ToolResult> {
    return runTool(ctx, input.context, async (target) => {
      const { connection, type, namespace } = await this.locate(input, ctx, target);
      const path = resourcePath(type, namespace, input.name);
      const workload = await connection.http.json<
        WorkloadLike & PausableDeployment & { metadata: { uid: string } }
      >({ path, signal: ctx.signal });
      const label = resourceLabel(type, input.name);
      const base = { action: input.action, workload: label, namespace };
      const patch = (body: unknown, contentType = 'application/merge-patch+json') =>
        connection.http.json({ method: 'PATCH', path, body, contentType, signal: ctx.signal });
      const onlyDeployments = () => {
        if (type.resource !== 'deployments')
          throw new ToolInputError(`${input.action} is supported for deployments only`);
      };

      switch (input.action) {
        case 'status': {
          const status = rolloutStatus(workload);
          return toolSuccess(status.message, {
            ...base,
            done: status.done,
            message: status.message,
          });
        }
        case 'restart': {
          if (workload.spec?.paused)
            throw new ToolInputError(`${label} is paused; resume it before restarting`);
          await patch({
            spec: {
              template: {
                metadata: {
                  annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() },
                },
              },
            },
          });
          return toolSuccess(`${label} restarted`, { ...base, message: `${label} restarted` });
        }
        case 'pause': {
          onlyDeployments();
          if (workload.spec?.paused) {
            const message = `${label} is already paused`;
            return toolSuccess(message, { ...base, message });
          }
          await patch({ spec: { paused: true } });
          return toolSuccess(`${label} paused`, { ...base, message: `${label} paused` });
        }
        case 'resume': {
          onlyDeployments();
          const resumed = await resumeDeployment(
            connection,
            ctx.caller,
            type,
            label,
            path,
            workload,
            ctx.signal,
          );
          const message = resumed ? `${label} resumed` : `${label} is already resumed`;
          return toolSuccess(message, { ...base, message });
        }
        case 'history':
        case 'undo': {
          onlyDeployments();
          const revisions = await deploymentRevisions(
            connection,
            namespace,
            workload.metadata.uid,
            ctx.signal,
          );
          if (input.action === 'history') {
            const lines = [
              'REVISION   CHANGE-CAUSE',
              ...revisions.map(
                (r) =>
                  `${String(r.revision).padEnd(10)} ${r.changeCause ?? `<none> (image ${r.image ?? '?'})`}`,
              ),
            ];
            const message = `${label} has ${revisions.length} revisions`;
            return toolSuccess(lines.join('\n'), {
              ...base,
              message,
              revisions: revisions.map(({ template: _template, ...rest }) => rest),
            });
          }
          assertNotPaused(label, workload);
          const wanted = undoTarget(ctx.caller, type, label, revisions, input.toRevision);
          if (!wanted) {
            const current = revisions[revisions.length - 1]!.revision;
            return toolSuccess(`${label} is already at revision ${current}; skipped rollback`, {
              ...base,
              message: 'skipped rollback',
            });
          }
          await patch(
            [{ op: 'replace', path: '/spec/template', value: wanted.template }],
            'application/json-patch+json',
          );
          const message = `${label} rolled back to revision ${wanted.revision}`;
          return toolSuccess(message, { ...base, message });
        }
      }
    });
  }
}

/**
 * As kubectl: a paused Deployment is not rolled back. The undo would only change its template
 * while the ReplicaSet it runs keeps running (and gets any new replicas), so the revision shown
 * and the pods running would differ.
 */
function assertNotPaused(label: string, workload: PausableDeployment): void {
  if (workload.spec?.paused)
    throw new ToolInputError(
      `${label} is paused; resume it (kubectl_rollout action=resume) before rolling back`,
    );
}
