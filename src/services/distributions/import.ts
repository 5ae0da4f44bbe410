import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { can } from '../../domain/access.js';
import { conflict, DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import { checkEntitlement, type DistributedUnits } from '../../domain/entitlements/check.js';
import { brokenRuleMessage } from '../../domain/distributions/entitlement.js';
import { assertPlanOpen, householdShare } from '../../domain/distributions/plan.js';
import { dayAtSite, type DistributionInput } from '../../domain/distributions/record.js';
import { pseudonymKey } from '../../domain/households/pseudonym.js';
import { distributedAccount } from '../../domain/ledger/accounts.js';
import { fefoPick, type PickCandidate } from '../../domain/ledger/fefo.js';
import type { Tx } from '../../db/client.js';
import { distributionLines, distributionReversals, distributions, households } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { activeRules } from '../entitlements/rules.js';
import { inTransaction, lineId, occurredAt, operationRequestHash } from '../ledger/operations.js';
import { importTransfers, type TransferLine } from '../ledger/post.js';
import { assertRunBy, loadSite, type StockSite } from '../ledger/sites.js';
import { rowsOf } from '../ledger/sql.js';
import { holdingsOfItem } from '../ledger/stock.js';
import { loadPlan, type Plan } from './plans.js';
import { distributionTransfer } from './record.js';

export interface ImportedDistributions {
  /** Records written now. */
  recorded: number;
  /** Records kept by an earlier import or sync with the same content (a retry): nothing new written. */
  alreadyRecorded: number;
  /** Ledger transfers posted (one per lot handed over). */
  transfers: number;
}

type HouseholdRow = typeof households.$inferSelect;

// Rows per INSERT statement: far below PostgreSQL's 65,535 parameters, large enough to be few.
const ROWS_PER_INSERT = 1_000;
// Records per call of ledger_post: a few thousand transfers, one round trip.
const RECORDS_PER_POSTING = 1_000;

async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

/** The households the records name (by id or by document), locked until the transaction ends. */
async function lockHouseholds(tx: Tx, secret: Uint8Array, organisationId: string, records: readonly DistributionInput[]) {
  const ids = [...new Set(records.flatMap((r) => (r.householdId ? [r.householdId] : [])))];
  const keyOf = new Map(records.flatMap((r) => (r.documentNumber !== undefined ? [[r.documentNumber, pseudonymKey(secret, r.documentNumber)] as const] : [])));
  const keys = [...new Set(keyOf.values())];
  const found: HouseholdRow[] = [];
  for (let i = 0; i < Math.max(ids.length, keys.length); i += ROWS_PER_INSERT) {
    const someIds = ids.slice(i, i + ROWS_PER_INSERT);
    const someKeys = keys.slice(i, i + ROWS_PER_INSERT);
    const wanted = [someIds.length ? inArray(households.id, someIds) : undefined, someKeys.length ? inArray(households.pseudonymKey, someKeys) : undefined].filter(
      (w) => w !== undefined,
    );
    found.push(
      ...(await tx
        .select()
        .from(households)
        .where(and(eq(households.organisationId, organisationId), or(...wanted)))
        .orderBy(households.id)
        .for('update')),
    );
  }
  const byId = new Map(found.map((h) => [h.id, h]));
  const byKey = new Map(found.map((h) => [h.pseudonymKey, h]));
  return (record: DistributionInput, index: number): HouseholdRow => {
    const household = record.documentNumber !== undefined ? byKey.get(keyOf.get(record.documentNumber)!) : byId.get(record.householdId!);
    if (!household) {
      const byDocument = record.documentNumber !== undefined;
      throw notFound(byDocument ? 'household with this identity document' : 'household', `records.${index}.${byDocument ? 'documentNumber' : 'householdId'}`);
    }
    return household;
  };
}

/** What the households have received of the items, for their entitlement checks (reversed records left out). */
async function histories(tx: Tx, householdIds: readonly string[], itemIds: readonly string[]) {
  const byHousehold = new Map<string, DistributedUnits[]>(householdIds.map((id) => [id, []]));
  if (itemIds.length === 0) return byHousehold;
  for (let i = 0; i < householdIds.length; i += ROWS_PER_INSERT) {
    const rows = await tx
      .select({ householdId: distributions.householdId, itemId: distributionLines.itemId, quantityUnits: distributionLines.quantityUnits, on: distributions.distributedOn })
      .from(distributions)
      .innerJoin(distributionLines, eq(distributionLines.distributionId, distributions.id))
      .leftJoin(distributionReversals, eq(distributionReversals.distributionId, distributions.id))
      .where(
        and(
          inArray(distributions.householdId, householdIds.slice(i, i + ROWS_PER_INSERT)),
          inArray(distributionLines.itemId, [...itemIds]),
          isNull(distributionReversals.distributionId),
        ),
      );
    for (const r of rows) byHousehold.get(r.householdId)!.push({ itemId: r.itemId, quantityUnits: r.quantityUnits, on: r.on });
  }
  return byHousehold;
}

/**
 * Records many distributions at once, in one transaction: all of them, or none. For bulk work —
 * a partner entering a season of paper records, or the demo scenario — where `syncDistributions`
 * (a transaction per record, each refused or kept on its own) would take minutes. Every record is
 * checked exactly as `recordDistribution` checks it: the household (locked), the plan and its
 * site, the entitlement rules against the household's history and the records before it in the
 * batch (in the order they happened), a coordinator's exception, first-expiry-first-out lots on
 * the day, unique vouchers, a closed plan taking only what was handed out before its close; and
 * each record posts its own operation through the ledger's `ledger_post`, so chains, balances
 * and the no-negative rule hold as they would one by one.
 * The first refusal names its record (`records.<i>.<field>`) and nothing is written.
 */
export function importDistributions(
  ctx: Ctx,
  secret: Uint8Array,
  organisationId: string,
  records: readonly DistributionInput[],
  now = new Date(),
): Promise<ImportedDistributions> {
  return inTransaction(ctx.db, async (tx) => {
    const { actor } = ctx;
    const order = records
      .map((record, index) => ({ record, index, at: Date.parse(record.distributedAt) }))
      .sort((a, b) => a.at - b.at || a.index - b.index);
    const seenIds = new Set<string>();
    records.forEach((r, i) => {
      if (seenIds.has(r.id)) throw ruleViolated(`records.${i}.id`, 'each record once: this id appears twice');
      seenIds.add(r.id);
    });
    const householdOf = await lockHouseholds(tx, secret, organisationId, records);

    // Claim every operation id; a retry (same content) is skipped, another record under a used id refused.
    const claims = records.map((record, index) => {
      const household = householdOf(record, index);
      const { documentNumber: _, ...rest } = record;
      return { id: record.id, hash: operationRequestHash({ id: record.id, kind: 'distribution', organisationId, request: { ...rest, householdId: household.id } }) };
    });
    const claimed = new Set<string>();
    for (let i = 0; i < claims.length; i += ROWS_PER_INSERT) {
      const chunk = claims.slice(i, i + ROWS_PER_INSERT).map((c) => ({ id: c.id, request_hash: c.hash }));
      const inserted = await rowsOf<{ id: string }>(
        tx,
        sql`insert into stock_operations (id, kind, organisation_id, user_id, request_hash)
            select c.id, 'distribution', ${organisationId}::uuid, ${actor.userId}::uuid, c.request_hash
            from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as c(id uuid, request_hash text)
            on conflict (id) do nothing returning id`,
      );
      for (const r of inserted) claimed.add(r.id);
    }
    const earlier = claims.filter((c) => !claimed.has(c.id));
    if (earlier.length > 0) {
      const stored = await rowsOf<{ id: string; request_hash: string }>(
        tx,
        sql`select id, request_hash from stock_operations where id in ${earlier.map((c) => c.id)}`,
      );
      const hashOf = new Map(stored.map((s) => [s.id, s.request_hash]));
      for (const c of earlier) {
        if (hashOf.get(c.id) !== c.hash) {
          throw conflict('this operation id was used for another request; make a new id for a new operation', `records.${claims.indexOf(c)}.id`);
        }
      }
    }

    const plans = new Map<string, { plan: Plan; site: StockSite }>();
    for (const { record, index } of order) {
      if (!claimed.has(record.id) || plans.has(record.planId)) continue;
      const plan = await loadPlan(tx, organisationId, record.planId, `records.${index}.planId`, 'share');
      const site = await loadSite(tx, plan.siteId, `records.${index}.planId`);
      assertRunBy(site, organisationId, `records.${index}.planId`);
      plans.set(record.planId, { plan, site });
    }
    const itemIds = [...new Set([...plans.values()].flatMap(({ plan }) => plan.lines.map((l) => l.itemId)))];
    const rules = await activeRules(tx, organisationId, itemIds);
    const toRecord = order.filter(({ record }) => claimed.has(record.id));
    const history = await histories(tx, [...new Set(toRecord.map(({ record, index }) => householdOf(record, index).id))], itemIds);

    // What each site holds of each item, lot by lot, taken down as the records hand it out.
    const stock = new Map<string, PickCandidate[]>();
    const holdingsAt = async (site: StockSite, itemId: string) => {
      const key = `${site.id} ${itemId}`;
      if (!stock.has(key)) {
        // A record entered late may hand out a lot that expired since; what counts is its state on that day.
        const held = (await holdingsOfItem(tx, site.holding.id, itemId)).map((c) => ({ ...c, status: c.status === 'expired' ? ('available' as const) : c.status }));
        stock.set(key, held);
      }
      return stock.get(key)!;
    };

    const vouchers = new Set<string>();
    const distributionRows: Record<string, unknown>[] = [];
    const lineRows: Record<string, unknown>[] = [];
    const postings: { transfers: TransferLine[]; fields: string[] }[] = [];
    for (const { record: input, index } of toRecord) {
      const field = (f: string) => `records.${index}.${f}`;
      const household = householdOf(input, index);
      const { plan, site } = plans.get(input.planId)!;
      const distributedAt = occurredAt(input.distributedAt, now, field('distributedAt'));
      assertPlanOpen(plan, field('planId'), distributedAt);
      const day = dayAtSite(input.distributedAt);
      const lines = input.lines ?? householdShare(plan.lines, household);
      const fieldOf = (itemId: string) => field(input.lines ? `lines.${input.lines.findIndex((l) => l.itemId === itemId)}.quantityUnits` : 'householdId');
      input.lines?.forEach((l, i) => {
        if (!plan.lines.some((p) => p.itemId === l.itemId)) throw ruleViolated(field(`lines.${i}.itemId`), 'this plan does not give this item');
      });
      if (lines.length === 0) throw ruleViolated(field('householdId'), 'under this plan this household receives nothing (each line is per a kind of member it does not have)');
      if (input.exception && !can(actor, 'distributions:manage', organisationId)) {
        throw new DomainError('forbidden', 'only a coordinator (or an administrator) of the organisation may set an entitlement rule aside', field('exception'));
      }
      const past = history.get(household.id)!;
      const check = checkEntitlement(rules, past, { household, lines }, day);
      const broken = check.outcomes.filter((o) => !o.ok);
      if (broken.length > 0 && !input.exception) {
        const first = broken[0]!;
        throw ruleViolated(fieldOf(first.itemId), brokenRuleMessage(rules.find((r) => r.id === first.ruleId)!, first));
      }
      const voucherCode = input.proof.kind === 'voucher' ? input.proof.code : null;
      if (voucherCode !== null) {
        const key = `${plan.id} ${voucherCode}`;
        if (vouchers.has(key)) throw conflict(`voucher ${voucherCode} was handed in already at this distribution`, field('proof.code'));
        vouchers.add(key);
      }

      const transfers: TransferLine[] = [];
      const transferFields: string[] = [];
      const to = distributedAccount(site.id, site.organisationId);
      for (const line of lines) {
        const needLineId = plan.lines.find((p) => p.itemId === line.itemId)!.needLineId;
        const held = await holdingsAt(site, line.itemId);
        const pick = fefoPick(held, line.quantityUnits, day);
        if (pick.shortUnits > 0) {
          throw ruleViolated(
            fieldOf(line.itemId),
            `the site holds ${line.quantityUnits - pick.shortUnits} units of this item that can be handed out on ${day}, ${line.quantityUnits} are needed; issue stock to the site for this plan first`,
          );
        }
        for (const lot of pick.lines) {
          const candidate = held.find((c) => c.lotId === lot.lotId)!;
          candidate.availableUnits -= lot.quantityUnits;
          // Many records share one posting; each line keeps its record's operation.
          transfers.push({
            ...distributionTransfer(input.id, transfers.length, site, to, { itemId: line.itemId, lotId: lot.lotId, quantityUnits: lot.quantityUnits }, distributedAt, needLineId),
            operationId: input.id,
          });
          transferFields.push(fieldOf(line.itemId));
        }
        past.push({ itemId: line.itemId, quantityUnits: line.quantityUnits, on: day });
      }
      distributionRows.push({
        id: input.id,
        organisation_id: organisationId,
        plan_id: plan.id,
        household_id: household.id,
        site_id: site.id,
        distributed_at: distributedAt.toISOString(),
        distributed_on: day,
        proof_kind: input.proof.kind,
        voucher_code: voucherCode,
        proof_sha256: input.proof.kind === 'voucher' ? null : input.proof.sha256,
        proof_ref: input.proof.kind === 'voucher' ? null : input.proof.ref,
        exception_reason: broken.length > 0 ? input.exception!.reason : null,
        exception_allowed_by: broken.length > 0 ? actor.userId : null,
        exception_rule_ids: broken.length > 0 ? broken.map((b) => b.ruleId) : null,
        recorded_by: actor.userId,
        recorded_at: now.toISOString(),
      });
      lines.forEach((l, position) =>
        lineRows.push({
          distribution_id: input.id,
          position,
          item_id: l.itemId,
          quantity_units: l.quantityUnits,
          need_line_id: plan.lines.find((p) => p.itemId === l.itemId)!.needLineId,
        }),
      );
      postings.push({ transfers, fields: transferFields });
    }

    // A voucher handed in by an earlier sync or import is refused by the unique index.
    // One JSON parameter per statement rather than a parameter per value: parsing thousands of
    // parameters costs more than the insert (PGlite especially).
    await insertInChunks(distributionRows, (chunk) =>
      tx.execute(sql`insert into distributions (id, organisation_id, plan_id, household_id, site_id, distributed_at, distributed_on, proof_kind,
          voucher_code, proof_sha256, proof_ref, exception_reason, exception_allowed_by, exception_rule_ids, recorded_by, recorded_at)
        select id, organisation_id, plan_id, household_id, site_id, distributed_at, distributed_on, proof_kind, voucher_code, proof_sha256,
          proof_ref, exception_reason, exception_allowed_by, exception_rule_ids, recorded_by, recorded_at
        from jsonb_populate_recordset(null::distributions, ${JSON.stringify(chunk)}::jsonb)`),
    );
    await insertInChunks(lineRows, (chunk) =>
      tx.execute(sql`insert into distribution_lines (distribution_id, position, item_id, quantity_units, need_line_id)
        select distribution_id, position, item_id, quantity_units, need_line_id
        from jsonb_populate_recordset(null::distribution_lines, ${JSON.stringify(chunk)}::jsonb)`),
    );
    let transferCount = 0;
    // Each record's transfers stay under its own operation id (as recordDistribution posts them),
    // many records to one call of ledger_post: chain, balances and the no-negative rule as ever.
    for (let i = 0; i < postings.length; i += RECORDS_PER_POSTING) {
      const some = postings.slice(i, i + RECORDS_PER_POSTING);
      const lines = some.flatMap((p) => p.transfers);
      const fields = some.flatMap((p) => p.fields);
      if (lines.length === 0) continue;
      transferCount += await importTransfers(tx, actor, { organisationId, operationId: lines[0]!.operationId!, lines, fieldOf: (k) => fields[k]! });
    }
    return { recorded: toRecord.length, alreadyRecorded: records.length - toRecord.length, transfers: transferCount };
  });
}
