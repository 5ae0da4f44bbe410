import { and, desc, eq, sql } from 'drizzle-orm';
import type { CancelInput, CloseInput, DispatchInput, EventInput, InspectionInput, PackInput, ReceiptInput } from '../../domain/consignments/inputs.js';
import { suggestPacking } from '../../domain/consignments/packing.js';
import { checkReceipt, lossTransferReason, rejectionTransferReason } from '../../domain/consignments/receipt.js';
import type { ConsignmentView } from '../../domain/consignments/views.js';
import { notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { kittingAccount, lossAccount, transitAccount, type AccountSpec } from '../../domain/ledger/accounts.js';
import { effectiveStatus, isoDate } from '../../domain/ledger/expiry.js';
import { disassemblyReturns } from '../../domain/ledger/kits.js';
import type { Tx } from '../../db/client.js';
import {
  consignmentEvents,
  consignmentInspectionLines,
  consignmentLines,
  consignmentReceiptLines,
  handlingUnitContents,
  handlingUnits,
  items,
  locations,
} from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { lineId, occurredAt, runOperation } from '../ledger/operations.js';
import { postTransfers, type TransferLine } from '../ledger/post.js';
import { loadSite } from '../ledger/sites.js';
import { holdings } from '../ledger/stock.js';
import { rowsOf } from '../ledger/sql.js';
import { randomCode } from './create.js';
import { mayRecord, recordEvent } from './events.js';
import { consignmentView, lineFigures, lineKey, linesOf, loadConsignment, type ConsignmentRow, type LineRow } from './view.js';

/**
 * One step of a consignment's journey = one operation with the client's id: claimed, run in one
 * transaction under the consignment's row lock, answered with the consignment as it then is. A
 * retry with the same id and request answers the same and records nothing new.
 */
function step(
  ctx: Ctx,
  organisationId: string,
  consignmentId: string,
  kind: string,
  input: { id: string },
  now: Date,
  work: (tx: Tx, c: ConsignmentRow) => Promise<void>,
): Promise<ConsignmentView> {
  return runOperation(
    ctx,
    { id: input.id, kind, organisationId, request: { consignmentId, ...input } },
    async (tx) => {
      const c = await loadConsignment(tx, organisationId, consignmentId, { lock: true });
      await work(tx, c);
      return consignmentView(tx, await loadConsignment(tx, organisationId, consignmentId), now);
    },
    async (tx) => consignmentView(tx, await loadConsignment(tx, organisationId, consignmentId), now),
  );
}

const transitOf = (c: ConsignmentRow) => transitAccount(c.id, c.senderOrganisationId);

async function locationExists(tx: Tx, id: string, field: string): Promise<void> {
  const [row] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, id));
  if (!row) throw notFound('location', field);
}

/** Where the consignment last arrived (the checkpoint it is at, while at one). */
async function lastArrival(tx: Tx, consignmentId: string): Promise<string | null> {
  const [row] = await tx
    .select({ locationId: consignmentEvents.locationId })
    .from(consignmentEvents)
    .where(and(eq(consignmentEvents.consignmentId, consignmentId), sql`${consignmentEvents.kind} in ('arrived', 'offloaded')`))
    .orderBy(desc(consignmentEvents.sequence))
    .limit(1);
  return row?.locationId ?? null;
}

/** Packs the draft into handling units of one kind, numbered 1/N … N/N, cold-chain goods apart. */
export function packConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: PackInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'consignment-pack', input, now, async (tx, c) => {
    mayRecord(c, organisationId, 'packed');
    const lines = (await linesOf(tx, c.id)).filter(({ line }) => line.quantityUnits > 0);
    if (lines.length === 0) throw ruleViolated('consignmentId', 'the consignment carries nothing yet: add lines first');
    const units = suggestPacking(
      lines.map(({ line, item }) => ({
        lineId: line.id,
        quantityUnits: line.quantityUnits,
        weightKgPerUnit: item.weightKgPerUnit,
        volumeM3PerUnit: item.volumeM3PerUnit,
        coldChain: item.coldChain,
      })),
      input.kind,
    );
    const fragile = new Set(lines.filter(({ line }) => line.fragile).map(({ line }) => line.id));
    const rows = units.map((u) => ({
      id: newId(),
      consignmentId: c.id,
      code: `HU-${randomCode(8)}`,
      number: u.number,
      total: u.total,
      kind: u.kind,
      coldChain: u.coldChain,
      fragile: u.contents.some((x) => fragile.has(x.lineId)),
      weightKg: u.weightKg,
      volumeM3: u.volumeM3,
    }));
    await tx.insert(handlingUnits).values(rows);
    await tx.insert(handlingUnitContents).values(units.flatMap((u, i) => u.contents.map((x) => ({ handlingUnitId: rows[i]!.id, lineId: x.lineId, quantityUnits: x.quantityUnits }))));
    await recordEvent(tx, ctx, c, 'packed', { organisationId, operationId: input.id, occurredAt: occurredAt(input.occurredAt, now), locationId: c.originLocationId });
  });
}

/**
 * Dispatch: every line leaves the origin warehouse for the consignment's transit account (ledger
 * kind `dispatch`, carrying the consignment and the need line). All or nothing: a lot that has
 * since been quarantined, recalled or used elsewhere stops the whole dispatch, naming the line.
 */
export function dispatchConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: DispatchInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'dispatch', input, now, async (tx, c) => {
    mayRecord(c, organisationId, 'dispatched');
    const when = occurredAt(input.occurredAt, now);
    const origin = await loadSite(tx, c.originLocationId, 'originLocationId');
    const lines = await linesOf(tx, c.id);
    const today = isoDate(now);
    const transfers: TransferLine[] = [];
    const fields: string[] = [];
    lines.forEach(({ line, lot }, i) => {
      if (line.quantityUnits === 0) return;
      const status = effectiveStatus(lot.status, lot.expiryDate, today);
      if (status !== 'available') throw ruleViolated(`lines.${i}.lotId`, `lot ${lot.lotCode} is ${status} now; it cannot be dispatched`);
      transfers.push({
        id: lineId(input.id, transfers.length),
        kind: 'dispatch',
        from: origin.holding,
        to: transitOf(c),
        itemId: line.itemId,
        lotId: line.lotId,
        quantityUnits: line.quantityUnits,
        occurredAt: when,
        needLineId: line.needLineId,
        consignmentId: c.id,
        reason: `consignment ${c.reference}`,
      });
      fields.push(`lines.${i}.quantityUnits`);
    });
    await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines: transfers, fieldOf: (k) => fields[k]! });
    await recordEvent(tx, ctx, c, 'dispatched', { organisationId, operationId: input.id, occurredAt: when, locationId: c.originLocationId, note: input.note });
  });
}

/**
 * The steps of the journey that move no stock: arrived at a checkpoint, held under review since a
 * day, departed onwards, offloaded at a crossing, collected from it. Recorded by the sender or the
 * carrier (collection also by the consignee, who often fetches goods from the crossing itself).
 */
export function recordConsignmentEvent(ctx: Ctx, organisationId: string, consignmentId: string, input: EventInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'consignment-event', input, now, async (tx, c) => {
    const when = occurredAt(input.occurredAt, now);
    if (input.locationId) await locationExists(tx, input.locationId, 'locationId');
    // Held, departed or collected: where it already is, unless said otherwise.
    const here = input.locationId ?? (input.kind === 'under_review' || input.kind === 'departed' || input.kind === 'collected' ? await lastArrival(tx, c.id) : null);
    await recordEvent(tx, ctx, c, input.kind, {
      organisationId,
      operationId: input.id,
      occurredAt: when,
      locationId: here,
      underReviewSince: input.kind === 'under_review' ? (input.underReviewSince ?? isoDate(when)) : null,
      note: input.note,
    });
  });
}

/** The kitting account of a kit lot and what one kit of it holds, as assembled. */
async function kitContents(tx: Tx, kitLotId: string, field: string) {
  const [account] = await rowsOf<{ organisation_id: string; location_id: string }>(
    tx,
    sql`select organisation_id, location_id from ledger_accounts where code = ${`kitting:${kitLotId}`}`,
  );
  if (!account) throw ruleViolated(field, 'this kit lot was not assembled in Karvan, so which component lots it holds is unknown; reject whole kits instead');
  const kitting = kittingAccount(kitLotId, account.organisation_id, account.location_id);
  const inKitting = await holdings(tx, sql`b.account_id = ${kitting.id}`);
  const [out] = await rowsOf<{ units: number }>(tx, sql`select -balance_units as units from account_balances where account_id = ${kitting.id} and lot_id = ${kitLotId}`);
  const assembledUnits = Number(out?.units ?? 0);
  const perKit = new Map<string, number>();
  for (const h of inKitting) perKit.set(h.itemId, (perKit.get(h.itemId) ?? 0) + h.availableUnits / Math.max(1, assembledUnits));
  return { kitting, inKitting, assembledUnits, billOfMaterials: [...perKit].map(([itemId, quantityUnits]) => ({ itemId, quantityUnits })) };
}

/**
 * An inspection at the checkpoint where the consignment is: each line cleared, held, or some of
 * it rejected with a reason. Rejected units leave the transit account (ledger kind
 * `inspection-rejection`) for a named holding site, or are written off to
 * loss:rejected-at-inspection. On a kit line, the inspectors may take one component out (say, the
 * oil in a food parcel): the kits holding it are opened, their components stay in the
 * consignment as loose lines, and the rejected component leaves as above.
 */
export function inspectConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: InspectionInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'inspection', input, now, async (tx, c) => {
    mayRecord(c, organisationId, 'inspected');
    const when = occurredAt(input.occurredAt, now);
    const here = await lastArrival(tx, c.id);
    if (input.locationId !== here) throw ruleViolated('locationId', 'the consignment is not at this checkpoint; record its arrival here first');
    const lines = new Map((await tx.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, c.id))).map((l) => [l.id, l]));
    const figures = await lineFigures(tx, c.id);
    const inTransit = (l: LineRow) => figures.get(lineKey(l.lotId, l.needLineId))?.inTransitUnits ?? 0;
    const transit = transitOf(c);
    const transfers: TransferLine[] = [];
    const fields: string[] = [];
    const post = (t: Omit<TransferLine, 'id' | 'occurredAt' | 'consignmentId'>, field: string) => {
      transfers.push({ ...t, id: lineId(input.id, transfers.length), occurredAt: when, consignmentId: c.id });
      fields.push(field);
    };
    const records: (typeof consignmentInspectionLines.$inferInsert)[] = [];
    const eventId = newId();
    let position = Math.max(0, ...[...lines.values()].map((l) => l.position));

    for (const [i, l] of input.lines.entries()) {
      const line = lines.get(l.lineId);
      if (!line) throw notFound('consignment line', `lines.${i}.lineId`);
      const record = { eventId, lineId: line.id, outcome: l.outcome, componentItemId: l.componentItemId ?? null, rejectedUnits: 0, kitsOpened: 0, reason: l.reason ?? null, toLocationId: l.toLocationId ?? null };
      records.push(record);
      if (l.outcome !== 'rejected') continue;
      const rejected = l.rejectedUnits!;
      record.rejectedUnits = rejected;
      let to: AccountSpec = lossAccount('rejected-at-inspection');
      if (l.toLocationId) to = (await loadSite(tx, l.toLocationId, `lines.${i}.toLocationId`)).holding;
      const reason = rejectionTransferReason(l.reason!);
      if (!l.componentItemId) {
        if (rejected > inTransit(line)) throw ruleViolated(`lines.${i}.rejectedUnits`, `this line has ${inTransit(line)} units in transit; ${rejected} cannot be rejected`);
        post({ kind: 'inspection-rejection', from: transit, to, itemId: line.itemId, lotId: line.lotId, quantityUnits: rejected, reason, needLineId: line.needLineId }, `lines.${i}.rejectedUnits`);
        continue;
      }
      // One component out of kits: open as few kits as hold the rejected units.
      const [kitItem] = await tx.select().from(items).where(eq(items.id, line.itemId));
      const [component] = await tx.select().from(items).where(eq(items.id, l.componentItemId));
      if (!component) throw notFound('item', `lines.${i}.componentItemId`);
      if (!kitItem?.isKit) throw ruleViolated(`lines.${i}.componentItemId`, 'this line is not a kit; reject units of the line itself');
      const kit = await kitContents(tx, line.lotId, `lines.${i}.componentItemId`);
      const perKit = kit.billOfMaterials.find((b) => b.itemId === l.componentItemId)?.quantityUnits;
      if (!perKit) throw ruleViolated(`lines.${i}.componentItemId`, 'these kits hold no such item');
      const kitsOpened = Math.ceil(rejected / perKit);
      if (kitsOpened > inTransit(line)) {
        throw ruleViolated(`lines.${i}.rejectedUnits`, `${rejected} units need ${kitsOpened} kits opened; this line has ${inTransit(line)} kits in transit`);
      }
      const returned = disassemblyReturns(kit.billOfMaterials, kitsOpened, kit.inKitting);
      if (returned.shortItemIds.length > 0 || kit.billOfMaterials.some((b) => !Number.isInteger(b.quantityUnits))) {
        throw ruleViolated(`lines.${i}.componentItemId`, 'the kitting account of this lot no longer matches its kits (a transfer was reversed); reject whole kits instead');
      }
      record.kitsOpened = kitsOpened;
      post(
        { kind: 'inspection-rejection', from: transit, to: kit.kitting, itemId: line.itemId, lotId: line.lotId, quantityUnits: kitsOpened, reason: `opened at inspection to take out ${component.code}: ${l.reason}`, needLineId: line.needLineId },
        `lines.${i}.rejectedUnits`,
      );
      let left = rejected;
      for (const r of returned.lines) {
        post({ kind: 'inspection-rejection', from: kit.kitting, to: transit, itemId: r.itemId, lotId: r.lotId, quantityUnits: r.quantityUnits, reason: `loose from kits of line ${line.position} opened at inspection` }, `lines.${i}.componentItemId`);
        // The loose components travel on as lines of their own (one per lot, serving no need line).
        const key = lineKey(r.lotId, null);
        const loose = [...lines.values()].find((x) => lineKey(x.lotId, x.needLineId) === key);
        if (loose) {
          loose.quantityUnits += r.quantityUnits;
          await tx.update(consignmentLines).set({ quantityUnits: loose.quantityUnits }).where(eq(consignmentLines.id, loose.id));
        } else {
          const row = { id: newId(), consignmentId: c.id, position: ++position, itemId: r.itemId, lotId: r.lotId, quantityUnits: r.quantityUnits, needLineId: null, parentLineId: line.id, fragile: line.fragile };
          await tx.insert(consignmentLines).values(row);
          lines.set(row.id, row);
        }
        if (r.itemId === l.componentItemId && left > 0) {
          const take = Math.min(left, r.quantityUnits);
          post({ kind: 'inspection-rejection', from: transit, to, itemId: r.itemId, lotId: r.lotId, quantityUnits: take, reason }, `lines.${i}.rejectedUnits`);
          left -= take;
        }
      }
    }
    await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines: transfers, fieldOf: (k) => fields[k]! });
    const { id } = await recordEvent(tx, ctx, c, 'inspected', { organisationId, operationId: input.id, occurredAt: when, locationId: here, note: input.note });
    await tx.insert(consignmentInspectionLines).values(records.map((r) => ({ ...r, eventId: id })));
  });
}

/**
 * The consignee's count on arrival, line by line: good units into its holding at the receiving
 * site (ledger kind `receipt`), damaged and short ones to loss:damaged-in-transit and
 * loss:missing-in-transit (kind `transit-loss`), each transfer carrying its line's reason. Every unit still in transit must be counted, so
 * after a receipt the transit account is empty and the sender may close.
 */
export function receiveConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: ReceiptInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'receipt', input, now, async (tx, c) => {
    mayRecord(c, organisationId, 'received');
    const when = occurredAt(input.occurredAt, now);
    const site = await loadSite(tx, input.locationId ?? c.destinationLocationId, 'locationId');
    if (site.organisationId !== organisationId) throw ruleViolated('locationId', 'receive into a site of your own organisation');
    const lines = await tx.select().from(consignmentLines).where(eq(consignmentLines.consignmentId, c.id));
    const byId = new Map(lines.map((l) => [l.id, l]));
    const figures = await lineFigures(tx, c.id);
    const inTransitByLine = new Map<string, number>();
    for (const l of lines) {
      const units = figures.get(lineKey(l.lotId, l.needLineId))?.inTransitUnits ?? 0;
      if (units > 0) inTransitByLine.set(l.id, units);
    }
    checkReceipt(input.lines, inTransitByLine);
    const transit = transitOf(c);
    const transfers: TransferLine[] = [];
    const fields: string[] = [];
    input.lines.forEach((count, i) => {
      const line = byId.get(count.lineId)!;
      const out = (units: number, to: AccountSpec, kind: 'receipt' | 'transit-loss', field: string, reason?: string) => {
        if (units === 0) return;
        transfers.push({ id: lineId(input.id, transfers.length), kind, from: transit, to, itemId: line.itemId, lotId: line.lotId, quantityUnits: units, occurredAt: when, needLineId: line.needLineId, consignmentId: c.id, reason });
        fields.push(`lines.${i}.${field}`);
      };
      out(count.goodUnits, site.holding, 'receipt', 'goodUnits');
      // checkReceipt has made sure that damaged and short units come with their reasons.
      out(count.damagedUnits, lossAccount('damaged-in-transit'), 'transit-loss', 'damagedUnits', lossTransferReason('damaged', count.damagedReason!, count.damagedNote, c.reference));
      out(count.shortUnits, lossAccount('missing-in-transit'), 'transit-loss', 'shortUnits', lossTransferReason('short', count.shortReason!, count.shortNote, c.reference));
    });
    await postTransfers(tx, ctx.actor, { organisationId, operationId: input.id, lines: transfers, fieldOf: (k) => fields[k]! });
    const { id } = await recordEvent(tx, ctx, c, 'received', { organisationId, operationId: input.id, occurredAt: when, locationId: site.id, note: input.note });
    await tx.insert(consignmentReceiptLines).values(
      input.lines.map((l) => ({
        eventId: id,
        lineId: l.lineId,
        goodUnits: l.goodUnits,
        damagedUnits: l.damagedUnits,
        damagedReason: l.damagedReason ?? null,
        damagedNote: l.damagedNote ?? null,
        shortUnits: l.shortUnits,
        shortReason: l.shortReason ?? null,
        shortNote: l.shortNote ?? null,
      })),
    );
  });
}

/** Closes a consignment the consignee has received, once nothing is left in its transit account. */
export function closeConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: CloseInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'consignment-close', input, now, async (tx, c) => {
    mayRecord(c, organisationId, 'closed');
    const [row] = await rowsOf<{ units: number }>(tx, sql`select coalesce(sum(balance_units), 0)::int8 as units from account_balances where account_id = ${transitOf(c).id}`);
    const units = Number(row!.units);
    if (units !== 0) throw ruleViolated('consignmentId', `${units} units are still in transit on this consignment; account for them before closing`);
    await recordEvent(tx, ctx, c, 'closed', { organisationId, operationId: input.id, occurredAt: now, locationId: null, note: input.note });
  });
}

/** Abandons a consignment before it leaves: nothing was posted, so nothing is undone. */
export function cancelConsignment(ctx: Ctx, organisationId: string, consignmentId: string, input: CancelInput, now = new Date()) {
  return step(ctx, organisationId, consignmentId, 'consignment-cancel', input, now, async (tx, c) => {
    await recordEvent(tx, ctx, c, 'cancelled', { organisationId, operationId: input.id, occurredAt: now, locationId: null, note: input.reason });
  });
}
