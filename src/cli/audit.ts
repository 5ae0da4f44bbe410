import { readFileSync, writeFileSync } from 'node:fs';
import { verifyCheckpoint, type CheckpointPayload } from '../domain/ledger/checkpoint.js';
import type { AuditReportView } from '../domain/ledger/views.js';
import { createCheckpoint } from '../services/audit/checkpoints.js';
import { ensureAuditKey, requireAuditPublicKey } from '../services/audit/keys.js';
import { verifyLedger } from '../services/audit/verify.js';
import { withStore } from './runtime.js';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
}

/** The report in words: what holds, and the first thing that does not. */
function describe(report: AuditReportView): string[] {
  const lines = [`${report.transfers} transfers in ${report.chains.length} chains checked at ${report.checkedAt}.`];
  const brokenChain = report.chains.find((c) => c.firstBroken?.transferId === report.firstBrokenTransferId);
  if (report.firstBrokenTransferId && brokenChain?.firstBroken) {
    const b = brokenChain.firstBroken;
    lines.push(
      `FIRST TRANSFER THAT DOES NOT MATCH: ${b.transferId} (organisation ${brokenChain.organisationId}, position ${b.chainSeq} in its chain, seq ${b.seq}): ${b.problem}.`,
    );
  }
  for (const c of report.chains) {
    if (c.firstBroken && c !== brokenChain) lines.push(`chain of ${c.organisationId}: first broken link ${c.firstBroken.transferId}: ${c.firstBroken.problem}.`);
    if (!c.headMatches) lines.push(`chain of ${c.organisationId}: the stored chain head is not the last transfer (position ${c.headSeq}).`);
  }
  if (!report.balances.ok) {
    lines.push(`${report.balances.differenceCount} balances differ from a replay of the ledger, e.g.:`);
    for (const d of report.balances.differences.slice(0, 5)) {
      lines.push(`  account ${d.accountId} lot ${d.lotId}: table ${d.storedUnits}, replay ${d.replayedUnits}`);
    }
  }
  if (!report.conservation.ok) lines.push(`${report.conservation.violations.length} lots do not sum to zero over all accounts.`);
  if (!report.nonNegative.ok) lines.push(`${report.nonNegative.violations.length} holding or transit balances are below zero.`);
  if (report.checkpoint) {
    lines.push(
      report.checkpoint.ok
        ? `The ledger still passes through every hash of the checkpoint of ${report.checkpoint.createdAt}.`
        : `The checkpoint of ${report.checkpoint.createdAt} does not match: ${report.checkpoint.problems.map((p) => `${p.organisationId} at ${p.seq}: ${p.problem}`).join('; ')}.`,
    );
  }
  lines.push(report.ok ? 'OK: the ledger is intact.' : 'NOT OK: the ledger was changed behind Karvan, or is inconsistent.');
  return lines;
}

export async function auditVerify(options: { checkpoint?: string; publicKey?: string; json?: boolean }): Promise<void> {
  await withStore(async (store) => {
    let checkpoint: CheckpointPayload | undefined;
    if (options.checkpoint) {
      const pem = options.publicKey ? readFileSync(options.publicKey, 'utf8') : (await requireAuditPublicKey(store.db)).publicKeyPem;
      if (!options.publicKey) console.error('note: checking the checkpoint with the public key stored in this database; pass --public-key to use one you kept yourself');
      const check = verifyCheckpoint(readJson(options.checkpoint), pem);
      if (!check.ok) throw new Error(`${options.checkpoint}: ${check.reason}`);
      checkpoint = check.payload;
    }
    const report = await verifyLedger(store.db, { checkpoint });
    console.log(options.json ? JSON.stringify(report, null, 2) : describe(report).join('\n'));
    if (!report.ok) process.exitCode = 1;
  });
}

export async function auditCheckpoint(options: { out?: string }): Promise<void> {
  await withStore(async (store, config) => {
    await ensureAuditKey(store, config.secretsDir);
    const now = new Date();
    const result = await createCheckpoint(store.db, config.secretsDir, now);
    if (!result.signed) {
      console.error(describe(result.report).join('\n'));
      throw new Error('no checkpoint signed: the ledger does not verify');
    }
    const file = options.out ?? `karvan-checkpoint-${now.toISOString().replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(result.signed, null, 2)}\n`);
    console.log(`Signed checkpoint of ${result.report.transfers} transfers in ${result.report.chains.length} chains written to ${file}.`);
  });
}

/** Needs no database: the checkpoint file and a public key kept apart from the server. */
export function auditVerifyCheckpoint(file: string, options: { publicKey: string }): void {
  const check = verifyCheckpoint(readJson(file), readFileSync(options.publicKey, 'utf8'));
  if (!check.ok) throw new Error(`${file}: ${check.reason}`);
  const p = check.payload;
  console.log(`OK: signed by ${p.keyFingerprint} at ${p.createdAt}; ${p.transfers} transfers in ${p.chains.length} chains:`);
  for (const c of p.chains) console.log(`  ${c.organisationId}  position ${c.seq}  ${c.hash}`);
}

export async function auditPublicKey(): Promise<void> {
  await withStore(async (store, config) => {
    const { key } = await ensureAuditKey(store, config.secretsDir);
    process.stdout.write(key.publicKeyPem);
    console.error(`fingerprint ${key.fingerprint}`);
  });
}
