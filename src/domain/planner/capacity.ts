/** Whole units of an item that fit in the kg and m³ left on a departure. */
export function unitsThatFit(room: { kg: number; m3: number }, weightKgPerUnit: number, volumeM3PerUnit: number): number {
  // A tiny allowance so that loads summed in floating point are not refused a unit they fit.
  return Math.max(0, Math.floor(Math.min((room.kg + 1e-9) / weightKgPerUnit, (room.m3 + 1e-9) / volumeM3PerUnit)));
}
