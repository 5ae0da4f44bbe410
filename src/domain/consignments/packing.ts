import { ruleViolated } from '../errors.js';

/**
 * Packing a consignment into handling units numbered 1/N … N/N. PAHO asks for parcels one person
 * can carry (25–50 kg); pallets go by forklift. Cold-chain goods travel in their own units, so a
 * cool box is never filled with rice.
 */
export const handlingUnitKinds = ['parcel', 'box', 'pallet'] as const;
export type HandlingUnitKind = (typeof handlingUnitKinds)[number];

export interface UnitLimits {
  maxWeightKg: number;
  maxVolumeM3: number;
}

export const unitLimits: Record<HandlingUnitKind, UnitLimits> = {
  parcel: { maxWeightKg: 25, maxVolumeM3: 0.1 },
  box: { maxWeightKg: 50, maxVolumeM3: 0.2 },
  pallet: { maxWeightKg: 1000, maxVolumeM3: 1.8 },
};

export interface PackLine {
  lineId: string;
  quantityUnits: number;
  weightKgPerUnit: number;
  volumeM3PerUnit: number;
  coldChain: boolean;
}

export interface PackedUnit {
  /** 1-based position in the consignment, printed as `number/total`. */
  number: number;
  total: number;
  kind: HandlingUnitKind;
  coldChain: boolean;
  contents: { lineId: string; quantityUnits: number }[];
  weightKg: number;
  volumeM3: number;
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

/**
 * Splits the lines into as few units of `kind` as first-fit-decreasing finds, never exceeding the
 * unit's weight or volume — except a single item unit that is itself larger, which goes alone.
 */
export function suggestPacking(lines: readonly PackLine[], kind: HandlingUnitKind, limits: UnitLimits = unitLimits[kind]): PackedUnit[] {
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantityUnits) || l.quantityUnits <= 0) throw ruleViolated(`lines.${i}.quantityUnits`, 'must be a positive whole number');
  });
  type Open = { coldChain: boolean; contents: Map<string, number>; weightKg: number; volumeM3: number };
  const units: Open[] = [];
  const byUnitSize = [...lines].sort((a, b) => b.weightKgPerUnit - a.weightKgPerUnit || b.volumeM3PerUnit - a.volumeM3PerUnit);
  for (const line of byUnitSize) {
    let left = line.quantityUnits;
    for (const unit of units) {
      if (left === 0) break;
      if (unit.coldChain !== line.coldChain) continue;
      const fit = Math.min(
        left,
        Math.floor((limits.maxWeightKg - unit.weightKg) / line.weightKgPerUnit + 1e-9),
        Math.floor((limits.maxVolumeM3 - unit.volumeM3) / line.volumeM3PerUnit + 1e-9),
      );
      if (fit <= 0) continue;
      unit.contents.set(line.lineId, (unit.contents.get(line.lineId) ?? 0) + fit);
      unit.weightKg += fit * line.weightKgPerUnit;
      unit.volumeM3 += fit * line.volumeM3PerUnit;
      left -= fit;
    }
    const perUnit = Math.max(
      1,
      Math.min(Math.floor(limits.maxWeightKg / line.weightKgPerUnit + 1e-9), Math.floor(limits.maxVolumeM3 / line.volumeM3PerUnit + 1e-9)),
    );
    while (left > 0) {
      const take = Math.min(left, perUnit);
      units.push({
        coldChain: line.coldChain,
        contents: new Map([[line.lineId, take]]),
        weightKg: take * line.weightKgPerUnit,
        volumeM3: take * line.volumeM3PerUnit,
      });
      left -= take;
    }
  }
  return units.map((u, i) => ({
    number: i + 1,
    total: units.length,
    kind,
    coldChain: u.coldChain,
    contents: [...u.contents].map(([lineId, quantityUnits]) => ({ lineId, quantityUnits })),
    weightKg: round(u.weightKg, 3),
    volumeM3: round(u.volumeM3, 4),
  }));
}
