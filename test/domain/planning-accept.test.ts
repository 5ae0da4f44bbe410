import { describe, expect, it } from 'vitest';
import { consignmentDrafts, MAX_LINES_PER_CONSIGNMENT } from '../../src/domain/planning/accept.js';
import type { AllocationLineView } from '../../src/domain/planning/plans.js';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const names = { en: 'x' };

function line(over: { from?: number; partner?: number; needLine?: number; lot?: number; dispatchOn?: string; units?: number; source?: 'lot' | 'pledge' | 'kit_assembly' }): AllocationLineView {
  const kind = over.source ?? 'lot';
  return {
    needId: id(900),
    needTitle: 'need',
    needLineId: id(over.needLine ?? 1),
    partner: { id: id(over.partner ?? 50), names },
    priority: 'critical',
    neededBy: '2027-01-30',
    item: { id: id(70), code: 'RICE', names, unit: 'bag', isKit: false },
    needLocation: { id: id(80), names, level: 'site' },
    quantityUnits: over.units ?? 10,
    weightKg: 10,
    volumeM3: 0.1,
    source:
      kind === 'lot'
        ? { kind, lotId: id(over.lot ?? 100), lotCode: 'L', expiryDate: null }
        : kind === 'pledge'
          ? { kind, pledgeId: id(300), pledgeLineId: id(301), expectedOn: '2027-01-01' }
          : { kind, components: [] },
    laneId: id(60),
    from: { id: id(over.from ?? 10), names, level: 'site' },
    to: { id: id(20), names, level: 'admin2' },
    dispatchOn: over.dispatchOn ?? '2027-01-01',
    arrivesOn: over.dispatchOn ? over.dispatchOn.replace(/-01$/, '-06') : '2027-01-06',
    reason: 'r',
    consignmentId: null,
  };
}

describe('a plan into draft consignments', () => {
  it('one draft per warehouse × partner × destination × departure; same lot for the same need line merged', () => {
    const lines = [
      line({ lot: 100, units: 10 }),
      line({ lot: 100, units: 5 }), // same lot, same need line: merged
      line({ lot: 100, needLine: 2, units: 3 }), // same lot, another need line: its own line
      line({ dispatchOn: '2027-01-08' }), // a later departure: another consignment
      line({ from: 11 }), // another warehouse
      line({ partner: 51 }), // another partner
      line({ source: 'pledge' }), // not in stock yet: stays in the plan
      line({ source: 'kit_assembly' }),
    ];
    const drafts = consignmentDrafts(lines, () => id(81));
    expect(drafts).toHaveLength(4);
    expect(drafts[0]).toMatchObject({
      originLocationId: id(10),
      consigneeOrganisationId: id(50),
      destinationLocationId: id(81),
      dispatchOn: '2027-01-01',
      arrivesOn: '2027-01-06',
      allocationIndexes: [0, 1, 2],
      lines: [
        { lotId: id(100), needLineId: id(1), quantityUnits: 15 },
        { lotId: id(100), needLineId: id(2), quantityUnits: 3 },
      ],
    });
    expect(drafts.flatMap((d) => d.allocationIndexes).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('splits a departure with more lines than a consignment takes', () => {
    const lines = Array.from({ length: MAX_LINES_PER_CONSIGNMENT + 5 }, (_, i) => line({ lot: 1000 + i }));
    const drafts = consignmentDrafts(lines, () => id(81));
    expect(drafts.map((d) => d.lines.length)).toEqual([MAX_LINES_PER_CONSIGNMENT, 5]);
    expect(drafts.flatMap((d) => d.allocationIndexes)).toEqual(lines.map((_, i) => i));
  });
});
