import { desc, sql } from 'drizzle-orm';
import { notFound } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { CHECKPOINT_FORMAT, signCheckpoint, type CheckpointFile, type CheckpointPayload } from '../../domain/ledger/checkpoint.js';
import type { AuditReportView } from '../../domain/ledger/views.js';
import type { Database, Queryable } from '../../db/client.js';
import { auditCheckpoints } from '../../db/schema/index.js';
import { rowsOf, toBuffer } from '../ledger/sql.js';
import { loadSigningKey } from './keys.js';
import { verifyIn } from './verify.js';

export type CheckpointResult = { signed: CheckpointFile; report: AuditReportView } | { signed: null; report: AuditReportView };

/**
 * Verifies the whole ledger and, only if it holds, signs the head of every chain as seen in that
 * same snapshot, and publishes the checkpoint. Signing a broken ledger would bless the damage.
 */
export async function createCheckpoint(db: Database, secretsDir: string, now = new Date()): Promise<CheckpointResult> {
  const { privateKey, key } = await loadSigningKey(db, secretsDir);
  return db.transaction(
    async (tx) => {
      const report = await verifyIn(tx, { now });
      if (!report.ok) return { signed: null, report };
      const heads = await rowsOf<{ organisation_id: string; seq: number; hash: Uint8Array }>(
        tx,
        sql`select organisation_id, seq, hash from ledger_chain_heads order by organisation_id`,
      );
      const payload: CheckpointPayload = {
        format: CHECKPOINT_FORMAT,
        createdAt: now.toISOString(),
        keyFingerprint: key.fingerprint,
        transfers: heads.reduce((sum, h) => sum + h.seq, 0),
        chains: heads.map((h) => ({ organisationId: h.organisation_id, seq: h.seq, hash: toBuffer(h.hash).toString('hex') })),
      };
      const signed = signCheckpoint(payload, privateKey);
      await tx.insert(auditCheckpoints).values({
        id: newId(),
        createdAt: now,
        transfers: payload.transfers,
        keyFingerprint: key.fingerprint,
        payload: signed.payload,
        signature: signed.signature,
      });
      return { signed, report };
    },
    { isolationLevel: 'repeatable read' },
  );
}

export async function latestCheckpoint(db: Queryable): Promise<CheckpointFile> {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.createdAt)).limit(1);
  if (!row) throw notFound('checkpoint');
  return { format: CHECKPOINT_FORMAT, payload: row.payload, signature: row.signature };
}
