export interface PodLike {
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
  };
}

interface ContainerStatusLike {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: Record<
    string,
    { reason?: string; message?: string; exitCode?: number; startedAt?: string }
  >;
  lastState?: Record<string, { reason?: string; exitCode?: number; finishedAt?: string }>;
}

export interface PodHealth {
  phase: string;
  conditions: { type: string; status: string; reason?: string; message?: string }[];
  containers: {
    name: string;
    ready: boolean;
    restartCount: number;
    state: string;
    detail?: string;
  }[];
}

/** The parts of a pod's status that explain why it is (not) running. */
export function podHealth(pod: PodLike): PodHealth {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  return {
    phase: pod.status?.phase ?? 'Unknown',
    conditions: (pod.status?.conditions ?? []).map(({ type, status, reason, message }) => ({
      type,
      status,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    })),
    containers: statuses.map((status) => {
      const [stateName, state] = Object.entries(status.state ?? {})[0] ?? ['unknown', {}];
      const details = [
        state?.reason,
        state?.message,
        state?.exitCode !== undefined ? `exit code ${state.exitCode}` : undefined,
      ].filter(Boolean);
      const [lastName, last] = Object.entries(status.lastState ?? {})[0] ?? [];
      if (lastName && last)
        details.push(
          `last ${lastName}: ${[last.reason, last.exitCode !== undefined ? `exit code ${last.exitCode}` : ''].filter(Boolean).join(', ')}`,
        );
      return {
        name: status.name,
        ready: Boolean(status.ready),
        restartCount: status.restartCount ?? 0,
        state: stateName,
        ...(details.length ? { detail: details.join('; ') } : {}),
      };
    }),
  };
}
