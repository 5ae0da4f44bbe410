import { and, eq } from 'drizzle-orm';
import { can, type Actor } from '../../domain/access.js';
import { conflict, DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import { checkEntitlement, nextEligibleDay } from '../../domain/entitlements/check.js';
import { brokenRuleMessage } from '../../domain/distributions/entitlement.js';
import { assertPlanOpen, householdShare } from '../../domain/distributions/plan.js';
import { dayAtSite, type DistributionInput } from '../../domain/distributions/record.js';
import type { DistributionView } from '../../domain/distributions/views.js';
import { pseudonymKey } from '../../domain/households/pseudonym.js';
import { distributedAccount } from '../../domain/ledger/accounts.js';
import { fefoPick } from '../../domain/ledger/fefo.js';
import type { Tx } from '../../db/client.js';
import { distributionLines, distributions, households } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { householdDistributionHistory } from '../entitlements/history.js';
import { activeRules } from '../entitlements/rules.js';
import { claimOperation, inTransaction, lineId, occurredAt } from '../ledger/operations.js';
import { postTransfers, type TransferLine } from '../ledger/post.js';
import { assertRunBy, loadSite, type StockSite } from '../ledger/sites.js';
import { pgErrorOf } from '../ledger/sql.js';
import { holdingsOfItem } from '../ledger/stock.js';
import { loadPlan } from './plans.js';
import { distributionView, distributionViews, type DistributionRow } from './views.js';

/** One lot's part of a distribution: from the site's shelves to `distributed:<site>`, under the record's own operation. */
export function distributionTransfer(
  distributionId: string,
  index: number,
  site: StockSite,
  to: TransferLine['to'],
  lot: { itemId: string; lotId: string; quantityUnits: number },
  distributedAt: Date,
  needLineId: string | null,
): TransferLine {
  return { id: lineId(distributionId, index), kind: 'distribution', from: site.holding, to, ...lot, occurredAt: distributedAt, needLineId, distributionId };
}

export interface Recorded {
  distribution: DistributionView;
  /** False when the record was kept earlier (a retry): nothing new was written. */
  created: boolean;
}

/**
 * The household, locked until the transaction ends: two devices recording for one family queue
 * here, so each checks its entitlement against what the other recorded.
 */
async function lockHousehold(tx: Tx, secret: Uint8Array, organisationId: string, input: DistributionInput) {
  const byDocument = input.documentNumber !== undefined;
  const [household] = await tx
    .select()
    .from(households)
    .where(
      and(
        eq(households.organisationId, organisationId),
        byDocument ? eq(households.pseudonymKey, pseudonymKey(secret, input.documentNumber!)) : eq(households.id, input.householdId!),
      ),
    )
    .for('update');
  // Another partner's household is answered as not found too: its existence is not this partner's to know.
  if (!household) throw notFound(byDocument ? 'household with this identity document' : 'household', byDocument ? 'documentNumber' : 'householdId', { reason: 'household_not_found' });
  return household;
}

/** The lots handed over, first-expiry-first-out among those still good on the day of the distribution. */
async function pickAtSite(tx: Tx, site: StockSite, itemId: string, quantityUnits: number, day: string, field: string) {
  // A record synced late may hand out a lot that expired since; what counts is its state on that day.
  const candidates = (await holdingsOfItem(tx, site.holding.id, itemId)).map((c) => ({ ...c, status: c.status === 'expired' ? ('available' as const) : c.status }));
  const pick = fefoPick(candidates, quantityUnits, day);
  if (pick.shortUnits > 0) {
    throw ruleViolated(
      field,
      `the site holds ${quantityUnits - pick.shortUnits} units of this item that can be handed out on ${day}, ${quantityUnits} are needed; issue stock to the site for this plan first`,
      { reason: 'stock_short_at_site', details: { itemId, siteId: site.id, availableUnits: quantityUnits - pick.shortUnits, neededUnits: quantityUnits, distributedOn: day } },
    );
  }
  return pick.lines;
}

async function record(tx: Tx, actor: Actor, secret: Uint8Array, organisationId: string, input: DistributionInput, now: Date): Promise<Recorded> {
  const household = await lockHousehold(tx, secret, organisationId, input);
  // The document number goes no further than the lookup: the retry fingerprint holds the household id.
  const { documentNumber: _, ...rest } = input;
  const request = { ...rest, householdId: household.id };
  if (!(await claimOperation(tx, actor, { id: input.id, kind: 'distribution', organisationId, request }))) {
    return { distribution: (await distributionViews(tx, [input.id]))[0]!, created: false };
  }

  const plan = await loadPlan(tx, organisationId, input.planId, 'planId', 'share');
  const site = await loadSite(tx, plan.siteId, 'planId');
  assertRunBy(site, organisationId, 'planId');
  const distributedAt = occurredAt(input.distributedAt, now, 'distributedAt');
  // What happened before the close still counts: a device that was offline syncs it afterwards.
  assertPlanOpen(plan, 'planId', distributedAt);
  const day = dayAtSite(input.distributedAt);
  const lines = input.lines ?? householdShare(plan.lines, household);
  const fieldOf = (itemId: string) => (input.lines ? `lines.${input.lines.findIndex((l) => l.itemId === itemId)}.quantityUnits` : 'householdId');
  input.lines?.forEach((l, i) => {
    if (!plan.lines.some((p) => p.itemId === l.itemId)) throw ruleViolated(`lines.${i}.itemId`, 'this plan does not give this item', { reason: 'item_not_in_plan', details: { itemId: l.itemId } });
  });
  if (lines.length === 0) {
    throw ruleViolated('householdId', 'under this plan this household receives nothing (each line is per a kind of member it does not have)', { reason: 'nothing_to_receive' });
  }
  if (input.exception && !can(actor, 'distributions:manage', organisationId)) {
    throw new DomainError('forbidden', 'only a coordinator (or an administrator) of the organisation may set an entitlement rule aside', 'exception', {
      reason: 'exception_needs_coordinator',
    });
  }

  const itemIds = lines.map((l) => l.itemId);
  const rules = await activeRules(tx, organisationId, itemIds);
  const history = await householdDistributionHistory(tx, household.id, itemIds);
  const check = checkEntitlement(rules, history, { household, lines }, day);
  const broken = check.outcomes.filter((o) => !o.ok);
  if (broken.length > 0 && !input.exception) {
    const first = broken[0]!;
    const rule = rules.find((r) => r.id === first.ruleId)!;
    const nextEligibleOn = nextEligibleDay(rule, household, history, first.proposedUnits, day);
    throw ruleViolated(fieldOf(first.itemId), brokenRuleMessage(rule, first, nextEligibleOn), {
      reason: 'entitlement_exceeded',
      details: {
        ruleId: rule.id,
        itemId: first.itemId,
        allowedUnits: first.allowedUnits,
        usedUnits: first.usedUnits,
        proposedUnits: first.proposedUnits,
        remainingUnits: first.remainingUnits,
        windowFromOn: first.window.from,
        windowToOn: first.window.to,
        ...(nextEligibleOn ? { nextEligibleOn } : {}),
      },
    });
  }

  const voucherCode = input.proof.kind === 'voucher' ? input.proof.code : null;
  const transfers: TransferLine[] = [];
  const transferFields: string[] = [];
  const to = distributedAccount(site.id, site.organisationId);
  for (const line of lines) {
    const needLineId = plan.lines.find((p) => p.itemId === line.itemId)!.needLineId;
    for (const lot of await pickAtSite(tx, site, line.itemId, line.quantityUnits, day, fieldOf(line.itemId))) {
      transfers.push(distributionTransfer(input.id, transfers.length, site, to, { itemId: line.itemId, lotId: lot.lotId, quantityUnits: lot.quantityUnits }, distributedAt, needLineId));
      transferFields.push(fieldOf(line.itemId));
    }
  }

  let row: DistributionRow;
  try {
    [row] = (await tx
      .insert(distributions)
      .values({
        id: input.id,
        organisationId,
        planId: plan.id,
        householdId: household.id,
        siteId: site.id,
        distributedAt,
        distributedOn: day,
        proofKind: input.proof.kind,
        voucherCode,
        proofSha256: input.proof.kind === 'voucher' ? null : input.proof.sha256,
        proofRef: input.proof.kind === 'voucher' ? null : input.proof.ref,
        ...(broken.length > 0
          ? { exceptionReason: input.exception!.reason, exceptionAllowedBy: actor.userId, exceptionRuleIds: broken.map((b) => b.ruleId) }
          : {}),
        recordedBy: actor.userId,
        recordedAt: now,
      })
      .returning()) as [DistributionRow];
  } catch (error) {
    // A voucher is handed in once per plan; the unique index also settles two devices racing with one.
    if (pgErrorOf(error)?.constraint === 'distributions_voucher_once') {
      throw conflict(`voucher ${voucherCode} was handed in already at this distribution`, 'proof.code', { reason: 'voucher_used' });
    }
    throw error;
  }
  const lineRows = await tx
    .insert(distributionLines)
    .values(
      lines.map((l, position) => ({
        distributionId: input.id,
        position,
        itemId: l.itemId,
        quantityUnits: l.quantityUnits,
        needLineId: plan.lines.find((p) => p.itemId === l.itemId)!.needLineId,
      })),
    )
    .returning();
  await postTransfers(tx, actor, { organisationId, operationId: input.id, lines: transfers, fieldOf: (k) => transferFields[k]! });
  const lots = transfers.map((t) => ({ itemId: t.itemId, lotId: t.lotId, quantityUnits: t.quantityUnits }));
  return { distribution: distributionView(row, lineRows, lots, undefined), created: true };
}

/**
 * Records that a household received its share (one transaction): finds the household, checks
 * the organisation's entitlement rules on the day at the site against what the household has
 * received (records synced late included, whatever their order), and hands the goods over in the
 * ledger, from the site's holding to `distributed:<site>`. A rule broken is refused, unless a
 * coordinator sets it aside with a reason, which is kept. The same record sent again is answered
 * with what was recorded the first time.
 */
export function recordDistribution(ctx: Ctx, secret: Uint8Array, organisationId: string, input: DistributionInput, now = new Date()): Promise<Recorded> {
  return inTransaction(ctx.db, (tx) => record(tx, ctx.actor, secret, organisationId, input, now));
}
