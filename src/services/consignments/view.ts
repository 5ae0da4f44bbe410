import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { travelledRoute } from '../../domain/consignments/route.js';
import { dwellTimes } from '../../domain/consignments/dwell.js';
import { allowedEvents, type ConsignmentParty, type ConsignmentStatus } from '../../domain/consignments/states.js';
import type { ConsignmentLineView, ConsignmentSummaryView, ConsignmentView, HandlingUnitView } from '../../domain/consignments/views.js';
import { notFound } from '../../domain/errors.js';
import type { TransferKind } from '../../domain/ledger/vocabulary.js';
import type { Queryable } from '../../db/client.js';
import {
  consignmentEvents,
  consignmentInspectionLines,
  consignmentLegs,
  consignmentLines,
  consignmentReceiptLines,
  consignments,
  handlingUnitContents,
  handlingUnits,
  handlingUnitScans,
  items,
  locations,
  lots,
  organisations,
  users,
} from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { rowsOf } from '../ledger/sql.js';

export type ConsignmentRow = typeof consignments.$inferSelect;
export type LineRow = typeof consignmentLines.$inferSelect;

/** What the organisation is to the consignment: sender, carrier, consignee (one or several). */
export function partiesOf(c: ConsignmentRow, organisationId: string): ConsignmentParty[] {
  const parties: ConsignmentParty[] = [];
  if (c.senderOrganisationId === organisationId) parties.push('sender');
  if (c.carrierOrganisationId === organisationId) parties.push('carrier');
  if (c.consigneeOrganisationId === organisationId) parties.push('consignee');
  return parties;
}

/**
 * The consignment, if the organisation sends, carries or receives it; anyone else is told it does
 * not exist (its existence is the parties' business). `lock` holds the row until the transaction
 * ends, so that events are recorded one after the other.
 */
export async function loadConsignment(db: Queryable, organisationId: string, consignmentId: string, { lock = false } = {}): Promise<ConsignmentRow> {
  const query = db.select().from(consignments).where(eq(consignments.id, consignmentId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || partiesOf(row, organisationId).length === 0) throw notFound('consignment', 'consignmentId');
  return row;
}

/** A line is named in the ledger by its lot and need line: transfers carry both. */
export const lineKey = (lotId: string, needLineId: string | null) => `${lotId}|${needLineId ?? ''}`;

type Figures = ConsignmentLineView['ledger'];
const noFigures = (): Figures => ({
  dispatchedUnits: 0,
  inTransitUnits: 0,
  rejectedUnits: 0,
  returnedUnits: 0,
  openedUnits: 0,
  receivedUnits: 0,
  damagedUnits: 0,
  shortUnits: 0,
});

/**
 * What the ledger says happened to each line: every transfer of the consignment, grouped by lot
 * and need line. A reversing transfer counts against the kind of the transfer it reverses, so a
 * corrected receipt is no longer counted as received.
 */
export async function lineFigures(db: Queryable, consignmentId: string): Promise<Map<string, Figures>> {
  const rows = await rowsOf<{
    lot_id: string;
    need_line_id: string | null;
    kind: TransferKind;
    reversal: boolean;
    from_code: string;
    to_code: string;
    units: number;
  }>(
    db,
    sql`select t.lot_id, t.need_line_id, coalesce(o.kind, t.kind) as kind, t.reverses_transfer_id is not null as reversal,
               fa.code as from_code, ta.code as to_code, sum(t.quantity_units)::int8 as units
        from transfers t
        left join transfers o on o.id = t.reverses_transfer_id
        join ledger_accounts fa on fa.id = t.from_account_id
        join ledger_accounts ta on ta.id = t.to_account_id
        where t.consignment_id = ${consignmentId}
        group by 1, 2, 3, 4, 5, 6`,
  );
  const transit = `transit:${consignmentId}`;
  const figures = new Map<string, Figures>();
  for (const r of rows) {
    const key = lineKey(r.lot_id, r.need_line_id);
    const f = figures.get(key) ?? noFigures();
    figures.set(key, f);
    const q = Number(r.units);
    if (r.to_code === transit) f.inTransitUnits += q;
    if (r.from_code === transit) f.inTransitUnits -= q;
    // The transfer as first recorded: a reversal runs the other way and takes its units back.
    const sign = r.reversal ? -1 : 1;
    const [origin, destination] = r.reversal ? [r.to_code, r.from_code] : [r.from_code, r.to_code];
    if (r.kind === 'dispatch') f.dispatchedUnits += sign * q;
    else if (r.kind === 'receipt') f.receivedUnits += sign * q;
    else if (r.kind === 'transit-loss' && destination === 'loss:damaged-in-transit') f.damagedUnits += sign * q;
    else if (r.kind === 'transit-loss') f.shortUnits += sign * q;
    else if (r.kind === 'inspection-rejection' && origin === transit) {
      if (destination.startsWith('loss:')) f.rejectedUnits += sign * q;
      else if (destination.startsWith('kitting:')) f.openedUnits += sign * q;
      else f.returnedUnits += sign * q;
    }
  }
  return figures;
}

const nameOf = (r: { nameEn: string | null; nameFa: string | null; nameAr: string | null }, fallback = '') => r.nameEn ?? r.nameFa ?? r.nameAr ?? fallback;

async function organisationNames(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = ids.length ? await db.select().from(organisations).where(inArray(organisations.id, [...new Set(ids)])) : [];
  return new Map(rows.map((r) => [r.id, nameOf(r, r.id)]));
}

async function places(db: Queryable, ids: readonly string[]): Promise<Map<string, { id: string; name: string; siteKind: string | null }>> {
  const rows = ids.length ? await db.select().from(locations).where(inArray(locations.id, [...new Set(ids)])) : [];
  return new Map(rows.map((r) => [r.id, { id: r.id, name: nameOf(r, r.pcode ?? r.id), siteKind: r.siteKind }]));
}

function summaryOf(c: ConsignmentRow, orgs: Map<string, string>, where: Map<string, { id: string; name: string; siteKind: string | null }>): ConsignmentSummaryView {
  const org = (id: string) => ({ id, name: orgs.get(id) ?? id });
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    sender: org(c.senderOrganisationId),
    consignee: org(c.consigneeOrganisationId),
    carrier: c.carrierOrganisationId ? org(c.carrierOrganisationId) : null,
    origin: where.get(c.originLocationId)!,
    destination: where.get(c.destinationLocationId)!,
    expectedArrivalOn: c.expectedArrivalOn,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function consignmentSummaries(db: Queryable, rows: readonly ConsignmentRow[]): Promise<ConsignmentSummaryView[]> {
  const orgs = await organisationNames(db, rows.flatMap((c) => [c.senderOrganisationId, c.consigneeOrganisationId, c.carrierOrganisationId ?? c.senderOrganisationId]));
  const where = await places(db, rows.flatMap((c) => [c.originLocationId, c.destinationLocationId]));
  return rows.map((c) => summaryOf(c, orgs, where));
}

export async function handlingUnitViews(db: Queryable, consignmentId: string): Promise<HandlingUnitView[]> {
  const units = await db.select().from(handlingUnits).where(eq(handlingUnits.consignmentId, consignmentId)).orderBy(asc(handlingUnits.number));
  if (units.length === 0) return [];
  const ids = units.map((u) => u.id);
  const contents = await db.select().from(handlingUnitContents).where(inArray(handlingUnitContents.handlingUnitId, ids));
  const lastScans = await rowsOf<{ handling_unit_id: string; scanned_at: Date | string; latitude: number | null; longitude: number | null; location_id: string | null }>(
    db,
    sql`select distinct on (handling_unit_id) handling_unit_id, scanned_at, latitude, longitude, location_id
        from handling_unit_scans where handling_unit_id in ${ids}
        order by handling_unit_id, scanned_at desc, recorded_at desc`,
  );
  const scanOf = new Map(lastScans.map((s) => [s.handling_unit_id, s]));
  return units.map((u) => {
    const s = scanOf.get(u.id);
    return {
      id: u.id,
      code: u.code,
      number: u.number,
      total: u.total,
      kind: u.kind,
      coldChain: u.coldChain,
      fragile: u.fragile,
      weightKg: u.weightKg,
      volumeM3: u.volumeM3,
      contents: contents.filter((c) => c.handlingUnitId === u.id).map((c) => ({ lineId: c.lineId, quantityUnits: c.quantityUnits })),
      lastScan: s
        ? { scannedAt: new Date(s.scanned_at).toISOString(), latitude: s.latitude, longitude: s.longitude, locationId: s.location_id }
        : null,
    };
  });
}

/** Lines with their item and lot, in position order. */
export async function linesOf(db: Queryable, consignmentId: string) {
  return db
    .select({ line: consignmentLines, item: items, lot: lots })
    .from(consignmentLines)
    .innerJoin(items, eq(items.id, consignmentLines.itemId))
    .innerJoin(lots, eq(lots.id, consignmentLines.lotId))
    .where(eq(consignmentLines.consignmentId, consignmentId))
    .orderBy(asc(consignmentLines.position));
}

/** Everything about one consignment: lines with their ledger figures, units, route, events, dwell. */
export async function consignmentView(db: Queryable, c: ConsignmentRow, now: Date): Promise<ConsignmentView> {
  const [lineRows, figures, units, legs, events] = [
    await linesOf(db, c.id),
    await lineFigures(db, c.id),
    await handlingUnitViews(db, c.id),
    await db.select().from(consignmentLegs).where(eq(consignmentLegs.consignmentId, c.id)).orderBy(asc(consignmentLegs.position)),
    await db.select().from(consignmentEvents).where(eq(consignmentEvents.consignmentId, c.id)).orderBy(asc(consignmentEvents.sequence)),
  ];
  const eventIds = events.map((e) => e.id);
  const inspections = eventIds.length ? await db.select().from(consignmentInspectionLines).where(inArray(consignmentInspectionLines.eventId, eventIds)) : [];
  const receipts = eventIds.length ? await db.select().from(consignmentReceiptLines).where(inArray(consignmentReceiptLines.eventId, eventIds)) : [];
  const orgs = await organisationNames(db, [c.senderOrganisationId, c.consigneeOrganisationId, ...(c.carrierOrganisationId ? [c.carrierOrganisationId] : [])]);
  const where = await places(db, [
    c.originLocationId,
    c.destinationLocationId,
    ...legs.flatMap((l) => [l.fromLocationId, l.toLocationId]),
    ...events.flatMap((e) => (e.locationId ? [e.locationId] : [])),
    ...inspections.flatMap((i) => (i.toLocationId ? [i.toLocationId] : [])),
  ]);
  // Who recorded each step, by name: a timeline of user ids tells a reader nothing.
  const userIds = [...new Set(events.map((e) => e.userId))];
  const people = new Map(
    (userIds.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : []).map((u) => [u.id, u.displayName]),
  );
  const lines: ConsignmentLineView[] = lineRows.map(({ line, item, lot }) => ({
    id: line.id,
    position: line.position,
    itemId: item.id,
    itemCode: item.code,
    itemName: nameOf(item, item.code),
    lotId: lot.id,
    lotCode: lot.lotCode,
    expiryDate: lot.expiryDate,
    needLineId: line.needLineId,
    parentLineId: line.parentLineId,
    fragile: line.fragile,
    coldChain: item.coldChain,
    quantityUnits: line.quantityUnits,
    ledger: figures.get(lineKey(line.lotId, line.needLineId)) ?? noFigures(),
  }));
  const weightKg = lineRows.reduce((sum, { line, item }) => sum + line.quantityUnits * item.weightKgPerUnit, 0);
  const volumeM3 = lineRows.reduce((sum, { line, item }) => sum + line.quantityUnits * item.volumeM3PerUnit, 0);
  const dwell = dwellTimes(
    events.map((e) => ({ kind: e.kind, locationId: e.locationId, occurredAt: e.occurredAt, underReviewSince: e.underReviewSince })),
    c.status === 'closed' || c.status === 'received' ? (events.at(-1)?.occurredAt ?? now) : now,
  );
  return {
    ...summaryOf(c, orgs, where),
    note: c.note,
    route: legs.map((l) => ({ position: l.position, from: where.get(l.fromLocationId)!, to: where.get(l.toLocationId)!, mode: l.mode })),
    travelled: travelledRoute(c, legs, events).map((id) => where.get(id)!),
    lines,
    handlingUnits: units,
    events: events.map((e) => {
      const inspection = inspections.filter((i) => i.eventId === e.id);
      const receipt = receipts.filter((r) => r.eventId === e.id);
      return {
        id: e.id,
        sequence: e.sequence,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        locationId: e.locationId,
        occurredAt: e.occurredAt.toISOString(),
        recordedAt: e.recordedAt.toISOString(),
        userId: e.userId,
        userDisplayName: people.get(e.userId) ?? '',
        organisationId: e.organisationId,
        locationName: e.locationId ? (where.get(e.locationId)?.name ?? null) : null,
        operationId: e.operationId,
        underReviewSince: e.underReviewSince,
        note: e.note,
        ...(e.kind === 'inspected'
          ? {
              inspection: inspection.map((i) => ({
                lineId: i.lineId,
                outcome: i.outcome,
                componentItemId: i.componentItemId,
                rejectedUnits: i.rejectedUnits,
                kitsOpened: i.kitsOpened,
                reason: i.reason,
                toLocationId: i.toLocationId,
                toLocationName: i.toLocationId ? (where.get(i.toLocationId)?.name ?? null) : null,
              })),
            }
          : {}),
        ...(e.kind === 'received' ? { receipt: receipt.map((r) => ({
                lineId: r.lineId,
                goodUnits: r.goodUnits,
                damagedUnits: r.damagedUnits,
                damagedReason: r.damagedReason,
                damagedNote: r.damagedNote,
                shortUnits: r.shortUnits,
                shortReason: r.shortReason,
                shortNote: r.shortNote,
              })),
            } : {}),
      };
    }),
    dwell: dwell.map((d) => ({
      locationId: d.locationId,
      locationName: where.get(d.locationId)?.name ?? d.locationId,
      arrivedAt: d.arrivedAt.toISOString(),
      leftAt: d.leftAt?.toISOString() ?? null,
      dwellHours: d.dwellHours,
      underReviewSince: d.underReviewSince,
    })),
    inTransitUnits: lines.reduce((sum, l) => sum + l.ledger.inTransitUnits, 0),
    allowedEvents: allowedEvents(c.status),
    totals: { weightKg: Math.round(weightKg * 1000) / 1000, volumeM3: Math.round(volumeM3 * 10_000) / 10_000, handlingUnits: units.length },
  };
}

export async function getConsignment(ctx: Ctx, organisationId: string, consignmentId: string, now = new Date()): Promise<ConsignmentView> {
  return consignmentView(ctx.db, await loadConsignment(ctx.db, organisationId, consignmentId), now);
}

export interface ConsignmentListQuery {
  role?: 'sender' | 'consignee' | 'carrier';
  status?: ConsignmentStatus;
  limit?: number;
  offset?: number;
}

/** The consignments the organisation sends, carries or receives, the newest first. */
export async function listConsignments(ctx: Ctx, organisationId: string, query: ConsignmentListQuery): Promise<ConsignmentSummaryView[]> {
  const byRole: Record<NonNullable<ConsignmentListQuery['role']>, SQL> = {
    sender: eq(consignments.senderOrganisationId, organisationId),
    consignee: eq(consignments.consigneeOrganisationId, organisationId),
    carrier: eq(consignments.carrierOrganisationId, organisationId),
  };
  const where = [query.role ? byRole[query.role] : or(...Object.values(byRole))!];
  if (query.status) where.push(eq(consignments.status, query.status));
  const rows = await ctx.db
    .select()
    .from(consignments)
    .where(and(...where))
    .orderBy(desc(consignments.createdAt), desc(consignments.id))
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0);
  return consignmentSummaries(ctx.db, rows);
}

