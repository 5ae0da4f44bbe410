/**
 * Dwell time: how long a consignment waited at each checkpoint, from arrival to departure (or to
 * `now` while it is still there). Inspections that hold aid "under review" for weeks show here.
 */
export interface CheckpointEvent {
  kind: string;
  locationId: string | null;
  occurredAt: Date;
  underReviewSince?: string | null;
}

export interface Dwell {
  locationId: string;
  arrivedAt: Date;
  leftAt: Date | null;
  dwellHours: number;
  underReviewSince: string | null;
}

const HOUR_MS = 3_600_000;

export function dwellTimes(events: readonly CheckpointEvent[], now: Date): Dwell[] {
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const stays: Dwell[] = [];
  let open: Dwell | null = null;
  for (const e of ordered) {
    if (e.kind === 'arrived' && e.locationId) {
      open = { locationId: e.locationId, arrivedAt: e.occurredAt, leftAt: null, dwellHours: 0, underReviewSince: null };
      stays.push(open);
    } else if (open && e.kind === 'under_review') {
      open.underReviewSince ??= e.underReviewSince ?? e.occurredAt.toISOString().slice(0, 10);
    } else if (open && ['departed', 'offloaded', 'received'].includes(e.kind)) {
      open.leftAt = e.occurredAt;
      open = null;
    }
  }
  for (const s of stays) s.dwellHours = Math.round((((s.leftAt ?? now).getTime() - s.arrivedAt.getTime()) / HOUR_MS) * 10) / 10;
  return stays;
}
