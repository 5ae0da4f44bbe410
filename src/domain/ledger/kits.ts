import type { KitComponent } from '../catalogue.js';
import { ruleViolated } from '../errors.js';
import { fefoOrder, type PickCandidate } from './fefo.js';
import type { IsoDate } from './expiry.js';

/** Units of each component that `kits` kits consume. */
export function componentNeeds(billOfMaterials: readonly KitComponent[], kits: number): KitComponent[] {
  return billOfMaterials.map((c) => ({ itemId: c.itemId, quantityUnits: c.quantityUnits * kits }));
}

/** A kit is good only as long as its first component: the earliest expiry of the lots used, or none. */
export function kitExpiry(componentLots: readonly { expiryDate: IsoDate | null }[]): IsoDate | null {
  let earliest: IsoDate | null = null;
  for (const { expiryDate } of componentLots) {
    if (expiryDate !== null && (earliest === null || expiryDate < earliest)) earliest = expiryDate;
  }
  return earliest;
}

export interface ComponentPick {
  itemId: string;
  lotId: string;
  quantityUnits: number;
}

/** Picks chosen by hand must cover the bill of materials exactly, component by component. */
export function checkComponentPicks(needs: readonly KitComponent[], picks: readonly ComponentPick[]): void {
  const needed = new Map(needs.map((n) => [n.itemId, n.quantityUnits]));
  const picked = new Map<string, number>();
  picks.forEach((p, i) => {
    if (!needed.has(p.itemId)) throw ruleViolated(`components.${i}.itemId`, 'this item is not a component of the kit');
    picked.set(p.itemId, (picked.get(p.itemId) ?? 0) + p.quantityUnits);
  });
  for (const [itemId, units] of needed) {
    const got = picked.get(itemId) ?? 0;
    if (got !== units) {
      throw ruleViolated('components', `component ${itemId} needs ${units} units for these kits; the picks give ${got}`);
    }
  }
}

export interface ReturnedComponent extends ComponentPick {
  lotCode: string;
}

/**
 * Disassembling kits gives back, per component, what those kits consumed, taken from the
 * component lots still held in the kit lot's kitting account, earliest expiry first. Returns the
 * shortfall too: it is never above zero while the ledger is consistent.
 */
export function disassemblyReturns(
  billOfMaterials: readonly KitComponent[],
  kits: number,
  consumed: readonly (PickCandidate & { itemId: string })[],
): { lines: ReturnedComponent[]; shortItemIds: string[] } {
  const lines: ReturnedComponent[] = [];
  const shortItemIds: string[] = [];
  for (const need of componentNeeds(billOfMaterials, kits)) {
    let remaining = need.quantityUnits;
    for (const c of consumed.filter((c) => c.itemId === need.itemId && c.availableUnits > 0).sort(fefoOrder)) {
      if (remaining === 0) break;
      const take = Math.min(remaining, c.availableUnits);
      lines.push({ itemId: need.itemId, lotId: c.lotId, lotCode: c.lotCode, quantityUnits: take });
      remaining -= take;
    }
    if (remaining > 0) shortItemIds.push(need.itemId);
  }
  return { lines, shortItemIds };
}
