import { ruleViolated } from '../errors.js';

/**
 * Where a consignment is in its journey. Each change is a recorded event (who, when, where);
 * the status is the state the events lead to, kept on the consignment for quick lists.
 *
 * Offloaded at a crossing, collected from it and received by the partner are distinct states:
 * aid can wait at a crossing, or be taken between collection and arrival, and the record must
 * show which (the UN2720 mechanism reports the three tonnages separately).
 */
export const consignmentStatuses = [
  'draft', // lines being picked
  'packed', // in handling units, labelled, ready to leave
  'in_transit', // dispatched: stock is in the consignment's in-transit account
  'at_checkpoint', // arrived at a checkpoint (hub, airport, crossing), awaiting or under inspection
  'offloaded', // offloaded at a crossing, waiting to be collected
  'collected', // collected from the crossing, on the way to the partner
  'received', // the partner confirmed receipt, line by line
  'closed', // nothing left in transit; the record is complete
  'cancelled', // abandoned before dispatch
] as const;
export type ConsignmentStatus = (typeof consignmentStatuses)[number];

export const consignmentEventKinds = [
  'created', // the draft: who made it, when
  'packed',
  'dispatched',
  'arrived', // at a checkpoint
  'under_review', // inspection holds the consignment (or some lines) since a date
  'inspected', // per-line outcomes recorded: cleared, held or rejected
  'departed', // left a checkpoint onwards
  'offloaded',
  'collected',
  'received',
  'closed',
  'cancelled',
  'rerouted', // the route ahead changed on the way (the legs already travelled stay)
] as const;
export type ConsignmentEventKind = (typeof consignmentEventKinds)[number];

/** The status each event leads to, from the statuses it may follow. */
const transitions: Record<ConsignmentEventKind, { from: readonly ConsignmentStatus[]; to: ConsignmentStatus | 'same' }> = {
  created: { from: [], to: 'draft' },
  packed: { from: ['draft'], to: 'packed' },
  dispatched: { from: ['packed'], to: 'in_transit' },
  arrived: { from: ['in_transit', 'collected'], to: 'at_checkpoint' },
  under_review: { from: ['at_checkpoint'], to: 'same' },
  inspected: { from: ['at_checkpoint'], to: 'same' },
  departed: { from: ['at_checkpoint'], to: 'in_transit' },
  offloaded: { from: ['at_checkpoint', 'in_transit'], to: 'offloaded' },
  collected: { from: ['offloaded'], to: 'collected' },
  received: { from: ['in_transit', 'collected', 'at_checkpoint'], to: 'received' },
  closed: { from: ['received'], to: 'closed' },
  cancelled: { from: ['draft', 'packed'], to: 'cancelled' },
  rerouted: { from: ['in_transit', 'at_checkpoint', 'offloaded', 'collected'], to: 'same' },
};

/** The status after `event`, or a 422 naming why the event cannot happen now. */
export function nextStatus(current: ConsignmentStatus, event: ConsignmentEventKind): ConsignmentStatus {
  const rule = transitions[event];
  if (!rule.from.includes(current)) {
    throw ruleViolated('kind', `a consignment that is ${current.replace('_', ' ')} cannot be ${event.replace('_', ' ')}; it must be ${rule.from.join(' or ')}`);
  }
  return rule.to === 'same' ? current : rule.to;
}

export const allowedEvents = (current: ConsignmentStatus): ConsignmentEventKind[] =>
  consignmentEventKinds.filter((e) => transitions[e].from.includes(current));

/**
 * Statuses in which a consignment plans to take stock that the ledger still shows on the shelf
 * (nothing is posted before dispatch): picks and plans must not count those units as free.
 */
export const plannedNotDispatched = ['draft', 'packed'] as const satisfies readonly ConsignmentStatus[];

/** Statuses in which the consignment's stock sits in its in-transit account. */
export const stockInTransit = (status: ConsignmentStatus) =>
  status === 'in_transit' || status === 'at_checkpoint' || status === 'offloaded' || status === 'collected';

/**
 * Who records each event. The sender builds, packs, dispatches and closes; the sender or the
 * carrier it named records the journey (checkpoints, inspections, offloading, collection); only
 * the consignee confirms receipt, and that confirmation is what allows the sender to close.
 */
export type ConsignmentParty = 'sender' | 'carrier' | 'consignee';

export const eventParties: Record<ConsignmentEventKind, readonly ConsignmentParty[]> = {
  created: ['sender'],
  packed: ['sender'],
  dispatched: ['sender'],
  arrived: ['sender', 'carrier'],
  under_review: ['sender', 'carrier'],
  inspected: ['sender', 'carrier'],
  departed: ['sender', 'carrier'],
  offloaded: ['sender', 'carrier'],
  collected: ['sender', 'carrier', 'consignee'],
  received: ['consignee'],
  closed: ['sender'],
  cancelled: ['sender'],
  rerouted: ['sender'],
};
