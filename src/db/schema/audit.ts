import { bigint, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Signed checkpoints made with `karvan audit checkpoint`, published to auditors. */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: uuid('id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  transfers: bigint('transfers', { mode: 'number' }).notNull(),
  keyFingerprint: text('key_fingerprint').notNull(),
  /** The exact signed text and its signature: see src/domain/ledger/checkpoint.ts. */
  payload: text('payload').notNull(),
  signature: text('signature').notNull(),
});
