import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needLineCoverage, noFlows, pledgeContributionUnits, type NeedLineFlows, type PledgedGoods } from '../../src/domain/needs/coverage.js';

const pledge = (pledgedUnits: number, more: Partial<PledgedGoods> = {}): PledgedGoods => ({
  pledgedUnits,
  receivedUnits: 0,
  unusableUnits: 0,
  cancelled: false,
  ...more,
});

describe('need line coverage', () => {
  it('counts open pledges before anything moves', () => {
    const c = needLineCoverage(200, [pledge(50), pledge(30)], noFlows);
    expect(c).toMatchObject({ pledgedUnits: 80, pledgedNotSentUnits: 80, coveredUnits: 80, gapUnits: 120, coverageRatio: 0.4, fulfilmentRatio: 0 });
  });

  it('moves a pledged unit through the pipeline without counting it twice, and drops what is lost', () => {
    const flows: NeedLineFlows = { inPipelineUnits: 30, deliveredUnits: 40, lostInTransitUnits: 10, distributedUnits: 25 };
    const c = needLineCoverage(100, [pledge(100)], flows);
    // 100 pledged: 30 on the way, 40 arrived, 10 lost, so 20 are still to be sent.
    expect(c).toMatchObject({ pledgedNotSentUnits: 20, coveredUnits: 90, gapUnits: 10, coverageRatio: 0.9, fulfilmentRatio: 0.25 });
  });

  it('counts what a cancelled pledge brought, and never what triage found unusable', () => {
    expect(pledgeContributionUnits(pledge(100, { cancelled: true, receivedUnits: 40, unusableUnits: 5 }))).toBe(35);
    expect(pledgeContributionUnits(pledge(100, { receivedUnits: 120, unusableUnits: 0 }))).toBe(120);
    expect(pledgeContributionUnits(pledge(100, { cancelled: true }))).toBe(0);
  });

  it('reports over-coverage rather than hiding it', () => {
    expect(needLineCoverage(10, [pledge(15)], noFlows)).toMatchObject({ coverageRatio: 1.5, gapUnits: 0 });
  });
});

type Step =
  | { kind: 'pledge'; units: number }
  | { kind: 'dispatch'; units: number }
  | { kind: 'receive'; units: number }
  | { kind: 'lose'; units: number }
  | { kind: 'distribute'; units: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('pledge', 'dispatch', 'receive', 'lose', 'distribute'),
  units: fc.integer({ min: 1, max: 50 }),
});

describe('need line coverage: properties', () => {
  it('equals max(in pipeline + delivered, pledged − lost)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.record({ pledgedUnits: fc.nat(500), receivedUnits: fc.nat(500), unusableUnits: fc.nat(50), cancelled: fc.boolean() }), { maxLength: 5 }),
        fc.record({ inPipelineUnits: fc.nat(500), deliveredUnits: fc.nat(500), lostInTransitUnits: fc.nat(500), distributedUnits: fc.nat(500) }),
        (needed, pledges, flows) => {
          const c = needLineCoverage(needed, pledges, flows);
          expect(c.coveredUnits).toBe(Math.max(flows.inPipelineUnits + flows.deliveredUnits, c.pledgedUnits - flows.lostInTransitUnits));
          expect(c.coveredUnits + c.gapUnits).toBeGreaterThanOrEqual(needed);
          expect(c.pledgedNotSentUnits).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('keeps cover through dispatch, receipt and distribution, loses exactly what is lost, and grows with pledges', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), (steps) => {
        let pledged = 0;
        const flows = { ...noFlows };
        let before = needLineCoverage(1000, [], flows);
        for (const step of steps) {
          const units = step.units;
          if (step.kind === 'pledge') pledged += units;
          else if (step.kind === 'dispatch') {
            if (units > before.pledgedNotSentUnits) continue; // goods for the line come from its pledges here
            flows.inPipelineUnits += units;
          } else if (step.kind === 'receive' || step.kind === 'lose') {
            if (units > flows.inPipelineUnits) continue;
            flows.inPipelineUnits -= units;
            if (step.kind === 'receive') flows.deliveredUnits += units;
            else flows.lostInTransitUnits += units;
          } else {
            if (flows.distributedUnits + units > flows.deliveredUnits) continue;
            flows.distributedUnits += units;
          }
          const after = needLineCoverage(1000, [pledge(pledged)], flows);
          const change = after.coveredUnits - before.coveredUnits;
          expect(change).toBe(step.kind === 'pledge' ? units : step.kind === 'lose' ? -units : 0);
          expect(after.fulfilmentRatio).toBe(flows.distributedUnits / 1000);
          before = after;
        }
      }),
    );
  });
});

describe('the worked example of docs/pipeline.md', () => {
  it('gives the figures the documentation states', () => {
    const pledges = [pledge(100), pledge(150)];
    expect(needLineCoverage(500, pledges, noFlows).coverageRatio).toBe(0.5);
    const atCrossing = needLineCoverage(500, pledges, { inPipelineUnits: 90, deliveredUnits: 0, lostInTransitUnits: 10, distributedUnits: 0 });
    expect(atCrossing).toMatchObject({ pledgedNotSentUnits: 150, coveredUnits: 240 });
    const received = needLineCoverage(500, pledges, { inPipelineUnits: 0, deliveredUnits: 90, lostInTransitUnits: 10, distributedUnits: 60 });
    expect(received).toMatchObject({ coveredUnits: 240, coverageRatio: 0.48, gapUnits: 260, fulfilmentRatio: 0.12 });
  });
});
