/** A core/v1 Event, reduced to what a model needs to read. */
export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  metadata?: { namespace?: string; creationTimestamp?: string };
  involvedObject?: { kind?: string; name?: string };
}

export interface EventRow {
  lastSeen: string;
  type: string;
  reason: string;
  object: string;
  message: string;
  count: number;
  namespace?: string;
}

export function eventTime(event: EventLike): number {
  const stamp =
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  return stamp ? Date.parse(stamp) : 0;
}

/** Oldest first like kubectl (or warnings first, then by time), with ages relative to `now`. */
export function toEventRows(
  events: EventLike[],
  options: { warningsFirst?: boolean; now?: number } = {},
): EventRow[] {
  const now = options.now ?? Date.now();
  const sorted = [...events].sort((a, b) => {
    if (options.warningsFirst) {
      const rank = (event: EventLike) => (event.type === 'Warning' ? 0 : 1);
      if (rank(a) !== rank(b)) return rank(a) - rank(b);
    }
    return eventTime(a) - eventTime(b);
  });
  return sorted.map((event) => ({
    lastSeen: age(now - eventTime(event)),
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    object: `${(event.involvedObject?.kind ?? '').toLowerCase()}/${event.involvedObject?.name ?? ''}`,
    message: (event.message ?? '').trim().replace(/\s+/g, ' '),
    count: event.count ?? 1,
    ...(event.metadata?.namespace ? { namespace: event.metadata.namespace } : {}),
  }));
}

/** Human age the way kubectl prints it: 45s, 12m, 3h, 5d. */
export function age(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

export function eventLines(
  rows: EventRow[],
  withNamespace: boolean,
): { columns: string[]; rows: string[][] } {
  const columns = [
    ...(withNamespace ? ['NAMESPACE'] : []),
    'LAST SEEN',
    'TYPE',
    'REASON',
    'OBJECT',
    'MESSAGE',
  ];
  return {
    columns,
    rows: rows.map((row) => [
      ...(withNamespace ? [row.namespace ?? ''] : []),
      row.lastSeen,
      row.type,
      row.reason,
      row.object,
      row.message,
    ]),
  };
}
