import { dwellTimes, type CheckpointEvent } from '../consignments/dwell.js';
import type { ConsignmentEventKind } from '../consignments/states.js';

/**
 * The checkpoints a consignment passed, in order: each arrival at a place opens a stay, and the
 * steps recorded at that place until the next arrival belong to it (held under review, inspected,
 * departed, offloaded, collected). Dwell is counted as on the consignment's own page
 * (consignments/dwell.ts): from arrival to departure, offloading or receipt, or to `now`.
 */
export interface JourneyEvent extends CheckpointEvent {
  id: string;
  kind: ConsignmentEventKind;
}

export interface CheckpointStay {
  locationId: string;
  arrivedAt: Date;
  leftAt: Date | null;
  dwellHours: number;
  underReviewSince: string | null;
  steps: ConsignmentEventKind[];
  /** The events recorded there: inspections among them say what was rejected at this checkpoint. */
  eventIds: string[];
}

export function checkpointStays(events: readonly JourneyEvent[], now: Date): CheckpointStay[] {
  const ordered = [...events].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const dwell = dwellTimes(ordered, now);
  const stays: CheckpointStay[] = [];
  for (const e of ordered) {
    if (e.kind === 'arrived' && e.locationId) {
      const d = dwell[stays.length]!;
      stays.push({ ...d, steps: [], eventIds: [] });
    }
    const here = stays.at(-1);
    if (here && e.locationId === here.locationId) {
      here.steps.push(e.kind);
      here.eventIds.push(e.id);
    }
  }
  return stays;
}
