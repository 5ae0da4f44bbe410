import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { ScanInput } from '../../domain/consignments/inputs.js';
import type { HandlingUnitDetailView, ScanView } from '../../domain/consignments/views.js';
import { conflict, notFound } from '../../domain/errors.js';
import type { Queryable } from '../../db/client.js';
import { consignments, handlingUnits, handlingUnitScans, locations, users } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { inTransaction, occurredAt } from '../ledger/operations.js';
import { consignmentSummaries, handlingUnitViews, loadConsignment, partiesOf } from './view.js';

type ScanRow = typeof handlingUnitScans.$inferSelect;

/** Scans as people read them: with the unit's code and who scanned, by name. */
async function scanViews(db: Queryable, rows: readonly ScanRow[], units: ReadonlyMap<string, { code: string; consignmentId: string }>): Promise<ScanView[]> {
  const userIds = [...new Set(rows.map((s) => s.userId))];
  const people = new Map(
    (userIds.length ? await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, userIds)) : []).map((u) => [u.id, u.displayName]),
  );
  return rows.map((s) => {
    const unit = units.get(s.handlingUnitId)!;
    return {
      id: s.id,
      handlingUnitId: s.handlingUnitId,
      code: unit.code,
      consignmentId: unit.consignmentId,
      scannedAt: s.scannedAt.toISOString(),
      recordedAt: s.recordedAt.toISOString(),
      latitude: s.latitude,
      longitude: s.longitude,
      locationId: s.locationId,
      note: s.note,
      userId: s.userId,
      userDisplayName: people.get(s.userId) ?? '',
      organisationId: s.organisationId,
    };
  });
}

/** The unit with this code, if the organisation sends, carries or receives its consignment. */
async function unitFor(db: Queryable, organisationId: string, code: string) {
  const [row] = await db
    .select({ unit: handlingUnits, consignment: consignments })
    .from(handlingUnits)
    .innerJoin(consignments, eq(consignments.id, handlingUnits.consignmentId))
    .where(eq(handlingUnits.code, code));
  if (!row || partiesOf(row.consignment, organisationId).length === 0) throw notFound('handling unit', 'code');
  return row;
}

/**
 * Records that someone scanned a handling unit's QR code: when, and where (the device's position
 * and/or a known place). The scanning device chooses the scan's id, so an upload retried after a
 * lost answer records the scan once.
 */
export async function scanHandlingUnit(ctx: Ctx, organisationId: string, code: string, input: ScanInput, now = new Date()): Promise<ScanView> {
  return inTransaction(ctx.db, async (tx) => {
    const { unit } = await unitFor(tx, organisationId, code);
    if (input.locationId) {
      const [place] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, input.locationId));
      if (!place) throw notFound('location', 'locationId');
    }
    const [inserted] = await tx
      .insert(handlingUnitScans)
      .values({
        id: input.id,
        handlingUnitId: unit.id,
        scannedAt: occurredAt(input.scannedAt, now, 'scannedAt'),
        recordedAt: now,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        locationId: input.locationId ?? null,
        note: input.note ?? null,
        userId: ctx.actor.userId,
        organisationId,
      })
      .onConflictDoNothing()
      .returning();
    const units = new Map([[unit.id, unit]]);
    if (inserted) return (await scanViews(tx, [inserted], units))[0]!;
    const [earlier] = await tx.select().from(handlingUnitScans).where(eq(handlingUnitScans.id, input.id));
    if (earlier!.handlingUnitId !== unit.id || earlier!.userId !== ctx.actor.userId) throw conflict('this scan id was used for another scan; make a new id', 'id');
    return (await scanViews(tx, [earlier!], units))[0]!;
  });
}

/** A handling unit by the code on its label: what it holds, its consignment, and every scan. */
export async function getHandlingUnit(ctx: Ctx, organisationId: string, code: string): Promise<HandlingUnitDetailView> {
  const { unit, consignment } = await unitFor(ctx.db, organisationId, code);
  const view = (await handlingUnitViews(ctx.db, consignment.id)).find((u) => u.id === unit.id)!;
  const scans = await ctx.db.select().from(handlingUnitScans).where(eq(handlingUnitScans.handlingUnitId, unit.id)).orderBy(asc(handlingUnitScans.scannedAt));
  const [summary] = await consignmentSummaries(ctx.db, [consignment]);
  return { ...view, consignment: summary!, scans: await scanViews(ctx.db, scans, new Map([[unit.id, unit]])) };
}

/** Every scan of every handling unit of a consignment, the latest first: where its boxes have been seen. */
export async function consignmentScans(ctx: Ctx, organisationId: string, consignmentId: string): Promise<ScanView[]> {
  const c = await loadConsignment(ctx.db, organisationId, consignmentId);
  const units = await ctx.db.select().from(handlingUnits).where(eq(handlingUnits.consignmentId, c.id));
  if (units.length === 0) return [];
  const scans = await ctx.db
    .select()
    .from(handlingUnitScans)
    .where(
      inArray(
        handlingUnitScans.handlingUnitId,
        units.map((u) => u.id),
      ),
    )
    .orderBy(desc(handlingUnitScans.scannedAt), desc(handlingUnitScans.recordedAt));
  return scanViews(ctx.db, scans, new Map(units.map((u) => [u.id, u])));
}
