import { DomainError } from '../../domain/errors.js';
import type { SyncInput } from '../../domain/distributions/record.js';
import type { SyncResultView } from '../../domain/distributions/views.js';
import type { Ctx } from '../context.js';
import { recordDistribution } from './record.js';

type Result = SyncResultView['results'][number];

/**
 * What an offline device sends when it is back: each record is recorded (or refused) on its own,
 * in its own transaction, exactly as if it had been sent alone, so one refusal never holds the
 * others back and a retry of the whole batch records nothing twice. Records are taken in the
 * order they happened: when two records of one family cannot both stand, the parcel handed over
 * first is the one kept. The answer lists them in the order sent.
 */
export async function syncDistributions(ctx: Ctx, secret: Uint8Array, organisationId: string, input: SyncInput, now = new Date()): Promise<SyncResultView> {
  const order = input.records
    .map((record, index) => ({ record, index, at: Date.parse(record.distributedAt) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const results: Result[] = new Array(input.records.length);
  for (const { record, index } of order) {
    try {
      const { distribution, created } = await recordDistribution(ctx, secret, organisationId, record, now);
      results[index] = { id: record.id, outcome: created ? 'recorded' : 'already-recorded', distribution, error: null };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.field ? `records.${index}.${error.field}` : `records.${index}`;
      results[index] = { id: record.id, outcome: 'refused', distribution: null, error: { code: error.code, message: error.message, field, ...error.refusal } };
    }
  }
  return { results };
}
