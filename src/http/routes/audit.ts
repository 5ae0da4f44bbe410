import { CheckpointFile } from '../../domain/ledger/checkpoint.js';
import { AuditReportView, PublicKeyView } from '../../domain/ledger/views.js';
import { latestCheckpoint } from '../../services/audit/checkpoints.js';
import { requireAuditPublicKey } from '../../services/audit/keys.js';
import { verifyLedger } from '../../services/audit/verify.js';
import type { App, Deps } from '../app.js';
import { errors } from '../schemas.js';

export function auditRoutes(app: App, { store }: Deps) {
  const db = store.db;
  const tags = ['audit'];

  app.get(
    '/api/audit/public-key',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The instance's ed25519 public key: with it, anyone can check a checkpoint file offline",
        response: { 200: PublicKeyView, ...errors(404) },
      },
    },
    async () => requireAuditPublicKey(db),
  );

  app.get(
    '/api/audit/verification',
    {
      config: { access: { permission: 'audit:read', in: 'any' } },
      schema: {
        tags,
        summary: 'Recompute every hash chain and every balance from scratch, and name the first transfer that does not match',
        response: { 200: AuditReportView, ...errors(401, 403) },
      },
    },
    async () => verifyLedger(db),
  );

  app.get(
    '/api/audit/checkpoints/latest',
    {
      config: { access: { permission: 'audit:read', in: 'any' } },
      schema: { tags, summary: 'The latest signed checkpoint (made with `karvan audit checkpoint`)', response: { 200: CheckpointFile, ...errors(401, 403, 404) } },
    },
    async () => latestCheckpoint(db),
  );
}
