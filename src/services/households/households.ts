import { and, asc, eq, gte, inArray, lte, ne, notInArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { conflict, DomainError, notFound, ruleViolated } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { compositionRuleBroken, idRangeOfPrefix, type HouseholdInput, type HouseholdPatch } from '../../domain/households/household.js';
import { pseudonymKey } from '../../domain/households/pseudonym.js';
import type { HouseholdView } from '../../domain/households/views.js';
import type { Queryable } from '../../db/client.js';
import { households, locations } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { placeAndBelow } from '../locations.js';
import { assertOrganisationKind } from '../organisation-kind.js';
import { loadOrganisation } from '../organisations.js';
import { locationRefs, mustGet, organisationRefs } from '../refs.js';

type HouseholdRow = typeof households.$inferSelect;

async function assertServiceLocation(db: Queryable, locationId: string) {
  const [place] = await db.select({ level: locations.level }).from(locations).where(eq(locations.id, locationId));
  if (!place) throw ruleViolated('locationId', 'no location with this id');
  if (place.level === 'country') throw ruleViolated('locationId', 'give a governorate or a distribution site, not a whole country');
}

/**
 * For each household, the other partners that registered the same document, with the day they
 * did. That is all one partner learns of another's household.
 */
async function otherRegistrations(db: Queryable, rows: readonly HouseholdRow[]) {
  const byHousehold = new Map<string, { organisationId: string; registeredAt: Date }[]>(rows.map((r) => [r.id, []]));
  if (rows.length === 0) return byHousehold;
  const other = alias(households, 'other');
  const matches = await db
    .select({ householdId: households.id, organisationId: other.organisationId, registeredAt: other.registeredAt })
    .from(households)
    .innerJoin(other, and(eq(other.pseudonymKey, households.pseudonymKey), ne(other.organisationId, households.organisationId)))
    .where(inArray(households.id, rows.map((r) => r.id)))
    .orderBy(asc(other.registeredAt), asc(other.organisationId));
  for (const m of matches) byHousehold.get(m.householdId)!.push(m);
  return byHousehold;
}

async function views(db: Queryable, rows: readonly HouseholdRow[]): Promise<HouseholdView[]> {
  const others = await otherRegistrations(db, rows);
  const orgs = await organisationRefs(db, [...others.values()].flat().map((o) => o.organisationId));
  const places = await locationRefs(db, rows.map((r) => r.locationId));
  return rows.map((h) => ({
    id: h.id,
    organisationId: h.organisationId,
    location: mustGet(places, h.locationId),
    memberCount: h.memberCount,
    childrenUnder5Count: h.childrenUnder5Count,
    schoolAgeChildrenCount: h.schoolAgeChildrenCount,
    vulnerabilities: h.vulnerabilities,
    alsoRegisteredWith: mustGet(others, h.id).map((o) => ({ organisation: mustGet(orgs, o.organisationId), registeredOn: o.registeredAt.toISOString().slice(0, 10) })),
    registeredAt: h.registeredAt.toISOString(),
    updatedAt: h.updatedAt.toISOString(),
  }));
}

const sameDocumentHere = () =>
  conflict(
    'a household with this identity document is registered with your organisation already; find it with POST …/households/lookup',
    'documentNumber',
  );

/**
 * Registers a household. The document number is turned into its pseudonym here and goes no
 * further: it is not stored, not logged and not returned.
 */
export async function registerHousehold(ctx: Ctx, secret: Uint8Array, organisationId: string, input: HouseholdInput): Promise<HouseholdView> {
  const key = pseudonymKey(secret, input.documentNumber);
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'partner', 'households are registered by');
    await assertServiceLocation(tx, input.locationId);
    // The unique constraint settles a race between two devices registering the same family.
    const [row] = await tx
      .insert(households)
      .values({
        id: newId(),
        organisationId,
        pseudonymKey: key,
        locationId: input.locationId,
        memberCount: input.memberCount,
        childrenUnder5Count: input.childrenUnder5Count,
        schoolAgeChildrenCount: input.schoolAgeChildrenCount,
        vulnerabilities: input.vulnerabilities,
        registeredBy: ctx.actor.userId,
      })
      .onConflictDoNothing({ target: [households.organisationId, households.pseudonymKey] })
      .returning();
    if (!row) throw sameDocumentHere();
    return (await views(tx, [row]))[0]!;
  });
}

/**
 * Registers many households at once, in one transaction: all or none (a partner moving its
 * register from a spreadsheet, or the demo scenario). The same checks as `registerHousehold`; a
 * document registered twice — in the list, or with the organisation already — is refused naming
 * its position. Answers the new households' ids in the order given; documents go no further
 * than their pseudonyms.
 */
export async function registerHouseholds(ctx: Ctx, secret: Uint8Array, organisationId: string, inputs: readonly HouseholdInput[]): Promise<string[]> {
  const rows = inputs.map((input) => ({
    id: newId(),
    organisationId,
    pseudonymKey: pseudonymKey(secret, input.documentNumber),
    locationId: input.locationId,
    memberCount: input.memberCount,
    childrenUnder5Count: input.childrenUnder5Count,
    schoolAgeChildrenCount: input.schoolAgeChildrenCount,
    vulnerabilities: input.vulnerabilities,
    registeredBy: ctx.actor.userId,
  }));
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (seen.has(r.pseudonymKey)) throw conflict(`this identity document is listed twice (also at ${seen.get(r.pseudonymKey)})`, `households.${i}.documentNumber`);
    seen.set(r.pseudonymKey, i);
  });
  return ctx.db.transaction(async (tx) => {
    await assertOrganisationKind(tx, organisationId, 'partner', 'households are registered by');
    const places = [...new Set(inputs.map((i) => i.locationId))];
    for (const place of places) {
      try {
        await assertServiceLocation(tx, place);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        throw new DomainError(error.code, error.message, `households.${inputs.findIndex((i) => i.locationId === place)}.locationId`);
      }
    }
    const inserted = new Set<string>();
    for (let i = 0; i < rows.length; i += 1_000) {
      const chunk = rows.slice(i, i + 1_000);
      const written = await tx
        .insert(households)
        .values(chunk)
        .onConflictDoNothing({ target: [households.organisationId, households.pseudonymKey] })
        .returning({ id: households.id });
      for (const w of written) inserted.add(w.id);
    }
    const first = rows.findIndex((r) => !inserted.has(r.id));
    if (first >= 0) {
      const error = sameDocumentHere();
      throw new DomainError(error.code, error.message, `households.${first}.documentNumber`);
    }
    return rows.map((r) => r.id);
  });
}

async function loadHousehold(db: Queryable, organisationId: string, householdId: string, forUpdate = false): Promise<HouseholdRow> {
  const query = db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), eq(households.organisationId, organisationId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  // Another partner's household is answered as not found: its existence is not theirs to know.
  if (!row) throw notFound('household', 'householdId');
  return row;
}

export async function updateHousehold(
  ctx: Ctx,
  secret: Uint8Array,
  organisationId: string,
  householdId: string,
  patch: HouseholdPatch,
): Promise<HouseholdView> {
  const key = patch.documentNumber === undefined ? undefined : pseudonymKey(secret, patch.documentNumber);
  return ctx.db.transaction(async (tx) => {
    const before = await loadHousehold(tx, organisationId, householdId, true);
    if (patch.locationId) await assertServiceLocation(tx, patch.locationId);
    const composition = {
      memberCount: patch.memberCount ?? before.memberCount,
      childrenUnder5Count: patch.childrenUnder5Count ?? before.childrenUnder5Count,
      schoolAgeChildrenCount: patch.schoolAgeChildrenCount ?? before.schoolAgeChildrenCount,
    };
    const broken = compositionRuleBroken(composition);
    if (broken) throw ruleViolated('memberCount', broken);
    if (key !== undefined && key !== before.pseudonymKey) {
      const [taken] = await tx
        .select({ id: households.id })
        .from(households)
        .where(and(eq(households.organisationId, organisationId), eq(households.pseudonymKey, key)));
      if (taken) throw sameDocumentHere();
    }
    const [row] = await tx
      .update(households)
      .set({
        ...composition,
        ...(key !== undefined ? { pseudonymKey: key } : {}),
        ...(patch.locationId ? { locationId: patch.locationId } : {}),
        ...(patch.vulnerabilities ? { vulnerabilities: patch.vulnerabilities } : {}),
        updatedAt: new Date(),
      })
      .where(eq(households.id, householdId))
      .returning();
    return (await views(tx, [row!]))[0]!;
  });
}

export async function getHousehold(ctx: Ctx, organisationId: string, householdId: string): Promise<HouseholdView> {
  return (await views(ctx.db, [await loadHousehold(ctx.db, organisationId, householdId)]))[0]!;
}

/** Finds the organisation's household by the document a person shows at a distribution. */
export async function lookupHousehold(ctx: Ctx, secret: Uint8Array, organisationId: string, documentNumber: string): Promise<HouseholdView> {
  const key = pseudonymKey(secret, documentNumber);
  const [row] = await ctx.db
    .select()
    .from(households)
    .where(and(eq(households.organisationId, organisationId), eq(households.pseudonymKey, key)));
  if (!row) throw notFound('household with this identity document', 'documentNumber');
  return (await views(ctx.db, [row]))[0]!;
}

export interface HouseholdFilter {
  locationId?: string;
  /** Hex digits the household's id starts with (from `HouseholdCode`). */
  code?: string;
  /** Only households whose document another partner registered too. */
  duplicates?: boolean;
  limit: number;
  offset: number;
}

export async function listHouseholds(ctx: Ctx, organisationId: string, filter: HouseholdFilter): Promise<HouseholdView[]> {
  await loadOrganisation(ctx.db, organisationId);
  const where: SQL[] = [eq(households.organisationId, organisationId)];
  if (filter.locationId) where.push(inArray(households.locationId, placeAndBelow(filter.locationId)));
  if (filter.code) {
    const { from, to } = idRangeOfPrefix(filter.code);
    where.push(gte(households.id, from), lte(households.id, to));
  }
  if (filter.duplicates !== undefined) {
    const other = alias(households, 'other');
    const shared = ctx.db
      .select({ key: other.pseudonymKey })
      .from(other)
      .where(ne(other.organisationId, organisationId));
    where.push(filter.duplicates ? inArray(households.pseudonymKey, shared) : notInArray(households.pseudonymKey, shared));
  }
  const rows = await ctx.db
    .select()
    .from(households)
    .where(and(...where))
    .orderBy(asc(households.registeredAt), asc(households.id))
    .limit(filter.limit)
    .offset(filter.offset);
  return views(ctx.db, rows);
}
