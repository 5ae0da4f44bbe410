import type { AllocationLineView } from './plans.js';

/** What a draft consignment made from a plan carries: named lots, each for its need line. */
export interface ConsignmentDraft {
  originLocationId: string;
  consigneeOrganisationId: string;
  destinationLocationId: string;
  dispatchOn: string;
  arrivesOn: string;
  lines: { itemId: string; lotId: string; needLineId: string; quantityUnits: number }[];
  /** Indexes of the plan's allocation lines it carries. */
  allocationIndexes: number[];
}

/** A consignment carries at most this many lines (the consignment input's limit). */
export const MAX_LINES_PER_CONSIGNMENT = 200;

/**
 * Groups a plan's allocation lines into draft consignments: one per origin warehouse ×
 * destination site × departure (each departure is a different truck), and per partner, since a
 * consignment goes to one consignee. Lines of the same lot for the same need line are one line.
 *
 * Only lines from lots in stock become consignment lines: goods still pledged are not in the
 * warehouse yet, and kits still to be assembled have no lot yet; those lines stay in the plan
 * (their `consignmentId` stays null), to be added to a consignment once the goods are there.
 * `destinationOf` gives each line's destination site (a site run by the partner).
 */
export function consignmentDrafts(
  lines: readonly AllocationLineView[],
  destinationOf: (line: AllocationLineView) => string,
): ConsignmentDraft[] {
  const groups = new Map<string, ConsignmentDraft & { byLot: Map<string, number> }>();
  lines.forEach((line, index) => {
    if (line.source.kind !== 'lot') return;
    const destinationLocationId = destinationOf(line);
    const key = [line.from.id, line.partner.id, destinationLocationId, line.dispatchOn].join('|');
    let group = groups.get(key);
    if (!group) {
      group = {
        originLocationId: line.from.id,
        consigneeOrganisationId: line.partner.id,
        destinationLocationId,
        dispatchOn: line.dispatchOn,
        arrivesOn: line.arrivesOn,
        lines: [],
        allocationIndexes: [],
        byLot: new Map(),
      };
      groups.set(key, group);
    }
    if (line.arrivesOn > group.arrivesOn) group.arrivesOn = line.arrivesOn;
    group.allocationIndexes.push(index);
    const lotKey = `${line.source.lotId}|${line.needLineId}`;
    const at = group.byLot.get(lotKey);
    if (at === undefined) {
      group.byLot.set(lotKey, group.lines.length);
      group.lines.push({ itemId: line.item.id, lotId: line.source.lotId, needLineId: line.needLineId, quantityUnits: line.quantityUnits });
    } else {
      group.lines[at]!.quantityUnits += line.quantityUnits;
    }
  });
  // Over the limit, a departure is split into several consignments (on the same truck).
  const drafts: ConsignmentDraft[] = [];
  for (const { byLot, ...group } of groups.values()) {
    if (group.lines.length <= MAX_LINES_PER_CONSIGNMENT) {
      drafts.push(group);
      continue;
    }
    for (let start = 0; start < group.lines.length; start += MAX_LINES_PER_CONSIGNMENT) {
      const part = group.lines.slice(start, start + MAX_LINES_PER_CONSIGNMENT);
      const lotsInPart = new Set(part.map((l) => `${l.lotId}|${l.needLineId}`));
      drafts.push({
        ...group,
        lines: part,
        allocationIndexes: group.allocationIndexes.filter((i) => {
          const l = lines[i]!;
          return l.source.kind === 'lot' && lotsInPart.has(`${l.source.lotId}|${l.needLineId}`);
        }),
      });
    }
  }
  return drafts;
}
