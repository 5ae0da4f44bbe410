import type { Role } from '../domain/access.js';
import type { Ctx } from '../services/context.js';
import { createDraftConsignment } from '../services/consignments/create.js';
import {
  cancelConsignment,
  closeConsignment,
  dispatchConsignment,
  inspectConsignment,
  packConsignment,
  receiveConsignment,
  recordConsignmentEvent,
} from '../services/consignments/journey.js';
import { receiveIntake } from '../services/ledger/intake.js';
import type { Random } from './random.js';

/** Where the demo's consignments stop. Each later state passes through every earlier one. */
export const consignmentFates = [
  'draft',
  'draft',
  'cancelled',
  'packed',
  'packed',
  'in_transit',
  'in_transit',
  'in_transit',
  'under_review',
  'under_review',
  'partially_rejected',
  'partially_rejected',
  'offloaded',
  'offloaded',
  'collected',
  'collected',
  'received_with_losses',
  'received_with_losses',
  'closed',
  'closed',
] as const;
export type ConsignmentFate = (typeof consignmentFates)[number];

export interface ConsignmentWorld {
  random: Random;
  ctxOf: (organisationKey: string, role: Role) => Ctx;
  org: (key: string) => string;
  site: (key: string) => string;
  item: (code: string) => string;
  id: (name: string) => string;
  day: (offset: number) => string;
  at: (offset: number, hour?: number, minute?: number) => Date;
  now: Date;
  /** Approved need lines of a partner addressed to a sender. */
  needLines: (partner: string, sender: string) => { needLineId: string; itemCode: string; quantityUnits: number }[];
  expiryFor: (code: string, receivedOffset: number) => string | null;
  warehouseOf: Record<string, string>;
}

const senders = ['relief-circle', 'zayandeh', 'naqsh-e-jahan'] as const;
const partnerWarehouse: Record<string, string> = { 'al-amal': 'deir-warehouse', 'khan-younis-health': 'khan-younis-warehouse' };
const fallbackGoods = ['MED-PARA-500', 'MED-ORS', 'WASH-JERRYCAN-10', 'SHEL-BLANKET', 'SHEL-TARP-4X6', 'MED-GAUZE', 'EDU-NOTEBOOK-48'];

/**
 * Twenty consignments from the Isfahan groups to the partners, stopped at every step of the
 * journey: drafts, one cancelled, packed, in transit, held under review at Rafah, partly rejected
 * at Al-Arish (written off, or taken to the hub's store), offloaded at the crossing, collected,
 * received with damage and shortage, and closed. Their goods are bought for them (and serve the
 * partners' approved needs, so the needs show what is in the pipeline, delivered and lost).
 */
export async function loadConsignments(w: ConsignmentWorld): Promise<Record<string, number>> {
  const byFate: Record<string, number> = {};
  for (const [k, fate] of consignmentFates.entries()) {
    const sender = senders[k % senders.length]!;
    const partner = k % 2 === 0 ? 'al-amal' : 'khan-younis-health';
    const sc = w.ctxOf(sender, 'coordinator');
    const sw = w.ctxOf(sender, 'warehouse');
    const senderId = w.org(sender);
    // Older consignments went further; those still on the road left recently.
    const stage = consignmentFates.indexOf(fate);
    const d0 = -6 - Math.round(stage * 2.5) - w.random.int(0, 3);
    const wanted = w.needLines(partner, sender).slice(0, 3);
    const goods =
      wanted.length > 0
        ? wanted.map((l) => ({ code: l.itemCode, units: Math.max(1, Math.min(l.quantityUnits, w.random.int(2, 12) * 10)), needLineId: l.needLineId as string | undefined }))
        : [{ code: w.random.pick(fallbackGoods), units: w.random.int(2, 12) * 10, needLineId: undefined }];
    const origin = w.site(w.warehouseOf[sender]!);
    const destination = w.site(partnerWarehouse[partner]!);
    await receiveIntake(sw, senderId, {
      id: w.id(`consignment ${k} purchase`),
      locationId: origin,
      source: 'purchase',
      occurredAt: w.at(d0 - 1, 10).toISOString(),
      lines: goods.map((g) => ({ itemId: w.item(g.code), lotCode: `C${k + 1}-${g.code}`, expiryDate: w.expiryFor(g.code, d0), triage: 'urgent' as const, quantityUnits: g.units })),
    });
    const crossing = w.site(k % 3 === 0 ? 'kerem-shalom' : 'rafah-crossing');
    const route = [
      { fromLocationId: origin, toLocationId: w.site('isfahan-airport'), mode: 'road' as const },
      { fromLocationId: w.site('isfahan-airport'), toLocationId: w.site('arish-airport'), mode: 'air' as const },
      { fromLocationId: w.site('arish-airport'), toLocationId: w.site('arish-hub'), mode: 'road' as const },
      { fromLocationId: w.site('arish-hub'), toLocationId: crossing, mode: 'road' as const },
      { fromLocationId: crossing, toLocationId: destination, mode: 'road' as const },
    ];
    const consignment = await createDraftConsignment(
      sc,
      senderId,
      {
        id: w.id(`consignment ${k}`),
        consigneeOrganisationId: w.org(partner),
        originLocationId: origin,
        destinationLocationId: destination,
        carrierOrganisationId: w.org('sinai-logistics'),
        expectedArrivalOn: w.day(d0 + 12),
        route,
        lines: goods.map((g) => ({ itemId: w.item(g.code), quantityUnits: g.units, ...(g.needLineId ? { needLineId: g.needLineId } : {}), fragile: g.code.startsWith('MED-') })),
      },
      w.at(d0, 8),
    );
    const cid = consignment.id;
    const step = (name: string) => w.id(`consignment ${k} ${name}`);
    const done = async () => {
      byFate[fate] = (byFate[fate] ?? 0) + 1;
    };
    if (fate === 'draft') {
      await done();
      continue;
    }
    if (fate === 'cancelled') {
      await cancelConsignment(sc, senderId, cid, { id: step('cancel'), reason: 'the crossing was closed; the goods go with the next convoy' }, w.at(d0, 12));
      await done();
      continue;
    }
    await packConsignment(sw, senderId, cid, { id: step('pack'), kind: goods.some((g) => g.units > 60) ? 'pallet' : 'box', occurredAt: w.at(d0 + 1, 9).toISOString() }, w.now);
    if (fate === 'packed') {
      await done();
      continue;
    }
    await dispatchConsignment(sw, senderId, cid, { id: step('dispatch'), occurredAt: w.at(d0 + 1, 15).toISOString() }, w.now);
    if (fate === 'in_transit') {
      await done();
      continue;
    }
    const event = (name: string, kind: 'arrived' | 'under_review' | 'departed' | 'offloaded' | 'collected', offset: number, hour: number, locationId?: string, ctx = sc) =>
      recordConsignmentEvent(ctx, ctx === sc ? senderId : w.org(partner), cid, { id: step(name), kind, ...(locationId ? { locationId } : {}), occurredAt: w.at(offset, hour).toISOString() }, w.now);
    await event('arrived hub', 'arrived', d0 + 3, 10, w.site('arish-hub'));
    const lines = consignment.lines;
    if (fate === 'partially_rejected' || stage >= consignmentFates.indexOf('offloaded')) {
      // Every consignment past the hub was inspected there; the partly rejected ones lost some units.
      const rejected = fate === 'partially_rejected';
      await inspectConsignment(
        sc,
        senderId,
        cid,
        {
          id: step('inspect hub'),
          locationId: w.site('arish-hub'),
          occurredAt: w.at(d0 + 3, 14).toISOString(),
          lines: lines.map((l, i) =>
            rejected && i === 0 && l.quantityUnits > 1
              ? {
                  lineId: l.id,
                  outcome: 'rejected' as const,
                  rejectedUnits: Math.max(1, Math.floor(l.quantityUnits / 5)),
                  reason: k % 2 === 0 ? 'packaging torn; the inspectors refused the damaged cartons' : 'expiry too close for the authority at the crossing',
                  ...(k % 2 === 0 ? {} : { toLocationId: w.site('arish-hub') }),
                }
              : { lineId: l.id, outcome: 'cleared' as const },
          ),
        },
        w.now,
      );
    }
    await event('departed hub', 'departed', d0 + 4, 7);
    if (fate === 'partially_rejected') {
      await done();
      continue;
    }
    await event('arrived crossing', 'arrived', d0 + 4, 13, crossing);
    if (fate === 'under_review') {
      await recordConsignmentEvent(sc, senderId, cid, { id: step('under review'), kind: 'under_review', underReviewSince: w.day(d0 + 4), occurredAt: w.at(d0 + 4, 16).toISOString(), note: 'held for inspection of dual-use items' }, w.now);
      await done();
      continue;
    }
    await event('offloaded', 'offloaded', d0 + 6, 11, crossing);
    if (fate === 'offloaded') {
      await done();
      continue;
    }
    await event('collected', 'collected', d0 + 7, 9, undefined, w.ctxOf(partner, 'coordinator'));
    if (fate === 'collected') {
      await done();
      continue;
    }
    // The partner counts every unit still in transit: good, damaged, short.
    const { getConsignment } = await import('../services/consignments/view.js');
    const current = await getConsignment(w.ctxOf(partner, 'warehouse'), w.org(partner), cid, w.now);
    const losses = fate === 'received_with_losses';
    await receiveConsignment(
      w.ctxOf(partner, 'warehouse'),
      w.org(partner),
      cid,
      {
        id: step('receive'),
        occurredAt: w.at(d0 + 8, 12).toISOString(),
        lines: current.lines
          .filter((l) => l.ledger.inTransitUnits > 0)
          .map((l, i) => {
            const n = l.ledger.inTransitUnits;
            const damaged = losses && i === 0 && n > 2 ? 1 : 0;
            const short = losses && n > 4 ? 2 : 0;
            return {
              lineId: l.id,
              goodUnits: n - damaged - short,
              damagedUnits: damaged,
              ...(damaged > 0 ? { damagedReason: 'wet' as const, damagedNote: 'rain through a torn tarpaulin at the crossing' } : {}),
              shortUnits: short,
              ...(short > 0 ? { shortReason: 'missing' as const } : {}),
            };
          }),
      },
      w.now,
    );
    if (fate === 'closed') await closeConsignment(sc, senderId, cid, { id: step('close') }, w.now);
    await done();
  }
  return byFate;
}
