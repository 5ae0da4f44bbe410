import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import { newId, SYSTEM_USER_ID } from '../../domain/ids.js';
import { effectiveStatus, isExpired, isoDate, type IsoDate } from '../../domain/ledger/expiry.js';
import type { LotStatusInput } from '../../domain/ledger/inputs.js';
import type { TriageClass } from '../../domain/ledger/vocabulary.js';
import type { LotDetailView, LotView } from '../../domain/ledger/views.js';
import type { Queryable } from '../../db/client.js';
import { lots, lotStatusChanges } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { inTransaction } from './operations.js';
import { rowsOf } from './sql.js';

export type LotRow = typeof lots.$inferSelect;

export const lotView = (l: LotRow, today: IsoDate): LotView => ({
  id: l.id,
  itemId: l.itemId,
  lotCode: l.lotCode,
  expiryDate: l.expiryDate,
  status: effectiveStatus(l.status, l.expiryDate, today),
  triageClass: l.triageClass,
  donorOrganisationId: l.donorOrganisationId,
  pledgeLineId: l.pledgeLineId,
  createdAt: l.createdAt.toISOString(),
});

/** Loads lots by id; `fieldOf(i)` names the input field of the i-th wanted id when it is unknown. */
export async function loadLots(db: Queryable, ids: readonly string[], fieldOf: (index: number) => string): Promise<Map<string, LotRow>> {
  const rows = ids.length ? await db.select().from(lots).where(inArray(lots.id, [...new Set(ids)])) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  ids.forEach((id, i) => {
    if (!byId.has(id)) throw notFound('lot', fieldOf(i));
  });
  return byId;
}

export interface NewLot {
  itemId: string;
  lotCode: string;
  expiryDate: IsoDate | null;
  triageClass: TriageClass | null;
  donorOrganisationId: string | null;
  pledgeLineId: string | null;
}

/**
 * The lot with this item and code, created if it is new. A lot code names one batch, so a second
 * delivery of it must carry the same expiry date.
 */
export async function findOrCreateLot(db: Queryable, lot: NewLot, field: string): Promise<LotRow> {
  await db
    .insert(lots)
    .values({ id: newId(), ...lot })
    .onConflictDoNothing({ target: [lots.itemId, lots.lotCode] });
  const [row] = await db
    .select()
    .from(lots)
    .where(and(eq(lots.itemId, lot.itemId), eq(lots.lotCode, lot.lotCode)));
  if (row!.expiryDate !== lot.expiryDate) {
    throw ruleViolated(
      `${field}.expiryDate`,
      `lot ${lot.lotCode} of this item is recorded with expiry ${row!.expiryDate ?? 'none'}; the same lot code cannot have another`,
    );
  }
  return row!;
}

/** A lot created by this operation and no other: kit lots are always new. */
export async function createLot(db: Queryable, lot: NewLot, field: string): Promise<LotRow> {
  const [row] = await db
    .insert(lots)
    .values({ id: newId(), ...lot })
    .onConflictDoNothing({ target: [lots.itemId, lots.lotCode] })
    .returning();
  if (!row) throw new DomainError('conflict', `a lot ${lot.lotCode} of this item exists already; choose another lot code`, field);
  return row;
}

export async function getLot(ctx: Ctx, lotId: string, now = new Date()): Promise<LotDetailView> {
  const [row] = await ctx.db.select().from(lots).where(eq(lots.id, lotId));
  if (!row) throw notFound('lot', 'lotId');
  const changes = await ctx.db.select().from(lotStatusChanges).where(eq(lotStatusChanges.lotId, lotId)).orderBy(asc(lotStatusChanges.changedAt));
  return {
    ...lotView(row, isoDate(now)),
    statusChanges: changes.map((c) => ({
      fromStatus: c.fromStatus,
      toStatus: c.toStatus,
      reason: c.reason,
      organisationId: c.organisationId,
      userId: c.userId,
      changedAt: c.changedAt.toISOString(),
    })),
  };
}

/**
 * Sets a lot's status by hand: quarantine while in doubt, recall, damage, release. The status
 * belongs to the lot wherever it is (a manufacturer's recall concerns every box of the lot), so
 * any organisation holding some of it may set it. Expiry follows from the date, not from a person.
 */
export async function changeLotStatus(ctx: Ctx, organisationId: string, lotId: string, input: LotStatusInput, now = new Date()): Promise<LotDetailView> {
  await inTransaction(ctx.db, async (tx) => {
    const [lot] = await tx.select().from(lots).where(eq(lots.id, lotId)).for('update');
    if (!lot) throw notFound('lot', 'lotId');
    const [held] = await rowsOf<{ units: number }>(
      tx,
      sql`select coalesce(sum(b.balance_units), 0)::int8 as units
          from account_balances b
          join ledger_accounts a on a.id = b.account_id and a.kind = 'holding'
          join locations l on l.id = a.location_id
          where b.lot_id = ${lotId} and l.organisation_id = ${organisationId}`,
    );
    if (held!.units <= 0) throw new DomainError('forbidden', 'only an organisation that holds some of this lot may change its status', 'lotId');
    if (input.status === 'available' && isExpired(lot.expiryDate, isoDate(now))) {
      throw ruleViolated('status', `this lot expired after ${lot.expiryDate}; it cannot be made available again`);
    }
    if (lot.status === input.status) return;
    await tx.update(lots).set({ status: input.status }).where(eq(lots.id, lotId));
    await tx.insert(lotStatusChanges).values({
      id: newId(),
      lotId,
      fromStatus: lot.status,
      toStatus: input.status,
      reason: input.reason,
      organisationId,
      userId: ctx.actor.userId,
      changedAt: now,
    });
  });
  return getLot(ctx, lotId, now);
}

/**
 * Writes down that available lots past their expiry date are expired (reads and picks already
 * treat them so; this makes the stored status and its history say it too). Run by the server
 * at start and then every few hours; returns how many lots it marked.
 */
export async function markExpiredLots(db: Queryable, now = new Date()): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`with expired as (
          update lots set status = 'expired'
          where status = 'available' and expiry_date < ${isoDate(now)}::date
          returning id)
        insert into lot_status_changes (id, lot_id, from_status, to_status, reason, user_id, changed_at)
        select gen_random_uuid(), id, 'available', 'expired', 'expiry date passed', ${SYSTEM_USER_ID}, ${now.toISOString()}::timestamptz
        from expired
        returning lot_id as id`,
  );
  return rows.length;
}
