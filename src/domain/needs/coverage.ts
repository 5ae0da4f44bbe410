import { assert } from '../errors.js';

/**
 * How far a need line is covered, derived from what is linked to it and never typed by hand.
 *
 * The stages a unit passes for a need line are disjoint, so that no unit is counted twice:
 * - pledged, not yet sent: what donors promised for the line, less what was already sent for it;
 * - in pipeline: dispatched for the line and not yet received by the partner (in transit);
 * - delivered: received by the partner for the line (cumulative; distributed units stay in it);
 * - lost in transit: dispatched for the line and then rejected at inspection, short or damaged.
 *
 * Units sent for a line are taken to honour the line's pledges first. So a unit pledged, received,
 * dispatched and delivered moves from "pledged" to "in pipeline" to "delivered", and covered stays
 * the same; a unit lost on the way leaves the covered figure, because the need is not met by it.
 * When a line is also served from other stock (a purchase, a general donation) while pledges are
 * still open, the figure is lower than the truth, never higher: an over-stated coverage would stop
 * an appeal that is still needed.
 *
 * covered   = pledged, not yet sent + in pipeline + delivered = max(in pipeline + delivered, pledged − lost)
 * coverage  = covered ÷ needed
 * fulfilment = distributed ÷ needed
 */
export interface NeedLineFlows {
  inPipelineUnits: number;
  deliveredUnits: number;
  lostInTransitUnits: number;
  distributedUnits: number;
}

export const noFlows: NeedLineFlows = Object.freeze({ inPipelineUnits: 0, deliveredUnits: 0, lostInTransitUnits: 0, distributedUnits: 0 });

/** One goods line of a pledge made against the need line, as far as its donor has delivered. */
export interface PledgedGoods {
  pledgedUnits: number;
  /** Brought in by the donor at intake (usable or not). */
  receivedUnits: number;
  /** Of those received, found unusable at triage (expired, damaged, not what was pledged). */
  unusableUnits: number;
  cancelled: boolean;
}

/**
 * What a pledge line adds to the line's cover: the larger of what was promised and what came
 * (a donor may bring more), only what came once the pledge is cancelled, and never what triage
 * threw away.
 */
export function pledgeContributionUnits(p: PledgedGoods): number {
  const given = p.cancelled ? p.receivedUnits : Math.max(p.pledgedUnits, p.receivedUnits);
  return Math.max(0, given - p.unusableUnits);
}

export interface NeedLineCoverage extends NeedLineFlows {
  neededUnits: number;
  /** Every open pledge's contribution, whether sent yet or not. */
  pledgedUnits: number;
  pledgedNotSentUnits: number;
  coveredUnits: number;
  /** Still to find: needed − covered, never below zero. */
  gapUnits: number;
  coverageRatio: number;
  fulfilmentRatio: number;
}

export function needLineCoverage(neededUnits: number, pledges: readonly PledgedGoods[], flows: NeedLineFlows): NeedLineCoverage {
  assert(Number.isSafeInteger(neededUnits) && neededUnits > 0, 'a need line needs a positive whole quantity');
  for (const [name, value] of Object.entries(flows)) assert(Number.isSafeInteger(value) && value >= 0, `${name} is a whole number ≥ 0`);
  const pledgedUnits = pledges.reduce((sum, p) => sum + pledgeContributionUnits(p), 0);
  const sentUnits = flows.inPipelineUnits + flows.deliveredUnits + flows.lostInTransitUnits;
  const pledgedNotSentUnits = Math.max(0, pledgedUnits - sentUnits);
  const coveredUnits = pledgedNotSentUnits + flows.inPipelineUnits + flows.deliveredUnits;
  return {
    neededUnits,
    pledgedUnits,
    pledgedNotSentUnits,
    ...flows,
    coveredUnits,
    gapUnits: Math.max(0, neededUnits - coveredUnits),
    coverageRatio: coveredUnits / neededUnits,
    fulfilmentRatio: flows.distributedUnits / neededUnits,
  };
}
