export interface WorkloadLike {
  kind?: string;
  metadata?: { name?: string; generation?: number; annotations?: Record<string, string> };
  spec?: { replicas?: number; paused?: boolean; updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    currentReplicas?: number;
    desiredNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** The verdict `kubectl rollout status` prints, computed once (no waiting). */
export function rolloutStatus(workload: WorkloadLike): { done: boolean; message: string } {
  const name = workload.metadata?.name ?? '?';
  const status = workload.status ?? {};
  if (workload.spec?.paused) {
    return {
      done: false,
      message: `deployment "${name}" is paused; resume it to continue the rollout`,
    };
  }
  if ((status.observedGeneration ?? 0) < (workload.metadata?.generation ?? 0)) {
    return { done: false, message: `Waiting for ${name} spec update to be observed...` };
  }
  if (workload.kind === 'DaemonSet') {
    const desired = status.desiredNumberScheduled ?? 0;
    if ((status.updatedNumberScheduled ?? 0) < desired)
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${status.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`,
      };
    if ((status.numberAvailable ?? 0) < desired)
      return {
        done: false,
        message: `Waiting for daemon set "${name}" rollout to finish: ${status.numberAvailable ?? 0} of ${desired} updated pods are available...`,
      };
    return { done: true, message: `daemon set "${name}" successfully rolled out` };
  }
  const desired = workload.spec?.replicas ?? 1;
  const kind = workload.kind === 'StatefulSet' ? 'statefulset' : 'deployment';
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, message: `${kind} "${name}" exceeded its progress deadline` };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < desired)
    return {
      done: false,
      message: `Waiting for ${kind} "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`,
    };
  if ((status.replicas ?? 0) > updated)
    return {
      done: false,
      message: `Waiting for ${kind} "${name}" rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`,
    };
  const available =
    workload.kind === 'StatefulSet' ? (status.readyReplicas ?? 0) : (status.availableReplicas ?? 0);
  if (available < updated)
    return {
      done: false,
      message: `Waiting for ${kind} "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  return { done: true, message: `${kind} "${name}" successfully rolled out` };
}
