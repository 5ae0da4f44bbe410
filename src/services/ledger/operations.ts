import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import { canonicalJson, sha256Hex } from '../../domain/canonical-json.js';
import { conflict, ruleViolated } from '../../domain/errors.js';
import { stableId } from '../../domain/ids.js';
import type { Database, Tx } from '../../db/client.js';
import { stockOperations } from '../../db/schema/index.js';
import type { OperationView, TransferView } from '../../domain/ledger/views.js';
import type { Ctx } from '../context.js';
import type { LotRow } from './lots.js';
import { operationView, storedOperationView } from './views.js';
import { pgErrorOf, rowsOf } from './sql.js';

export interface OperationSpec {
  /** The id the client chose. */
  id: string;
  kind: string;
  organisationId: string;
  /** Everything the client sent (body and route parameters): a retry must send the same. */
  request: unknown;
}

/**
 * Claims an operation id inside the caller's transaction: true for the first caller; false for a
 * later caller with the same request, who should answer what the first recorded; a 409 for
 * another request under the same id. Two callers racing with one id queue on the primary key,
 * and the second sees the first's work once it commits. Exported for the pipeline's use cases.
 */
export async function claimOperation(tx: Tx, actor: Actor, spec: OperationSpec): Promise<boolean> {
  const requestHash = operationRequestHash(spec);
  const inserted = await rowsOf<{ id: string }>(
    tx,
    sql`insert into stock_operations (id, kind, organisation_id, user_id, request_hash)
        values (${spec.id}, ${spec.kind}, ${spec.organisationId}, ${actor.userId}, ${requestHash})
        on conflict (id) do nothing returning id`,
  );
  if (inserted.length === 1) return true;
  const [existing] = await tx.select({ requestHash: stockOperations.requestHash }).from(stockOperations).where(eq(stockOperations.id, spec.id));
  if (!existing || existing.requestHash !== requestHash) {
    throw conflict('this operation id was used for another request; make a new id for a new operation', 'id');
  }
  return false;
}

/** What a retry must match: the hash of the kind, the organisation and the request. */
export const operationRequestHash = (spec: OperationSpec): string =>
  sha256Hex(canonicalJson({ kind: spec.kind, organisationId: spec.organisationId, request: spec.request }));

// Deadlocks cannot arise between single postings (rows are locked in key order) but can between
// use cases that also lock other rows; PostgreSQL then aborts one, which is safe to run again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 3;

/** Runs one use case in one transaction, once more if the database chose it as a deadlock victim. */
export async function inTransaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      const code = pgErrorOf(error)?.code;
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * One stock use case = one transaction = one operation: claims the id and runs `work`; a retry
 * of the same request runs `replay` instead, which reads back what the first run recorded.
 * Nothing is written when `work` throws.
 */
export function runOperation<T>(ctx: Ctx, spec: OperationSpec, work: (tx: Tx) => Promise<T>, replay: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, async (tx) => ((await claimOperation(tx, ctx.actor, spec)) ? work(tx) : replay(tx)));
}

/** The same for the operations that answer with their transfers and lots. */
export function runStockOperation(
  ctx: Ctx,
  spec: OperationSpec,
  now: Date,
  work: (tx: Tx) => Promise<{ transfers: TransferView[]; lots: readonly LotRow[] }>,
): Promise<OperationView> {
  const op = { id: spec.id, kind: spec.kind, organisationId: spec.organisationId, userId: ctx.actor.userId };
  return runOperation(
    ctx,
    spec,
    async (tx) => {
      const { transfers, lots } = await work(tx);
      return operationView(op, transfers, lots, now);
    },
    (tx) => storedOperationView(tx, spec.id, now),
  );
}

/** The id of line `index` of an operation: the same on every retry, different for every line. */
export const lineId = (operationId: string, index: number): string => stableId(`karvan:operation:${operationId}`, `line:${index}`);

// A device's clock may run a little fast; more than this is a mistake, not drift.
const CLOCK_SKEW_MS = 5 * 60_000;

/** When it happened: as given (e.g. copied from a paper form), else now; never in the future. */
export function occurredAt(given: string | undefined, now: Date, field = 'occurredAt'): Date {
  if (given === undefined) return now;
  const t = new Date(given);
  if (t.getTime() > now.getTime() + CLOCK_SKEW_MS) throw ruleViolated(field, 'is in the future');
  return t;
}
