import { inArray } from 'drizzle-orm';
import { DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import { holdingAccount, type AccountSpec } from '../../domain/ledger/accounts.js';
import type { Queryable } from '../../db/client.js';
import { locations } from '../../db/schema/index.js';

/** A place that can hold stock: a site run by an organisation, which answers for what is there. */
export interface StockSite {
  id: string;
  organisationId: string;
  holding: AccountSpec;
}

/** Loads sites by id; every id must be a site run by an organisation (`fields` names each in the input). */
export async function loadSites(db: Queryable, wanted: readonly { id: string; field: string }[]): Promise<Map<string, StockSite>> {
  const rows = await db
    .select({ id: locations.id, level: locations.level, organisationId: locations.organisationId })
    .from(locations)
    .where(inArray(locations.id, [...new Set(wanted.map((w) => w.id))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const sites = new Map<string, StockSite>();
  for (const { id, field } of wanted) {
    const row = byId.get(id);
    if (!row) throw notFound('location', field);
    if (row.level !== 'site' || !row.organisationId) {
      throw ruleViolated(field, 'stock is kept at sites run by an organisation; this location is an area or has no organisation');
    }
    sites.set(id, { id, organisationId: row.organisationId, holding: holdingAccount(id, row.organisationId) });
  }
  return sites;
}

export async function loadSite(db: Queryable, id: string, field: string): Promise<StockSite> {
  return (await loadSites(db, [{ id, field }])).get(id)!;
}

/** The stock of a site is its organisation's: nobody else may move it. */
export function assertRunBy(site: StockSite, organisationId: string, field: string): void {
  if (site.organisationId !== organisationId) {
    throw new DomainError('forbidden', 'this site is run by another organisation; only its own people may move its stock', field);
  }
}
