import { asc, eq } from 'drizzle-orm';
import { notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { OrganisationInput, OrganisationKind, OrganisationPatch } from '../domain/organisations.js';
import type { OrganisationView } from '../domain/views.js';
import type { Names } from '../domain/names.js';
import type { Queryable } from '../db/client.js';
import { organisations } from '../db/schema/index.js';
import type { Ctx } from './context.js';
import { namesOf } from './users.js';


const view = (o: typeof organisations.$inferSelect): OrganisationView => ({
  id: o.id,
  kind: o.kind,
  names: namesOf(o),
  country: o.country,
  contacts: o.contacts,
  createdAt: o.createdAt.toISOString(),
});

const nameColumns = (n: Names) => ({ nameEn: n.en ?? null, nameFa: n.fa ?? null, nameAr: n.ar ?? null });

/** The directory of organisations is shared: partners must find donors and consignees by name. */
export async function listOrganisations(ctx: Ctx, kind?: OrganisationKind): Promise<OrganisationView[]> {
  const rows = await ctx.db
    .select()
    .from(organisations)
    .where(kind ? eq(organisations.kind, kind) : undefined)
    .orderBy(asc(organisations.nameEn), asc(organisations.id));
  return rows.map(view);
}

export async function loadOrganisation(db: Queryable, id: string): Promise<OrganisationView> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  if (!row) throw notFound('organisation', 'organisationId');
  return view(row);
}

export const getOrganisation = (ctx: Ctx, id: string) => loadOrganisation(ctx.db, id);

export async function createOrganisation(ctx: Ctx, input: OrganisationInput): Promise<OrganisationView> {
  const [row] = await ctx.db
    .insert(organisations)
    .values({ id: newId(), kind: input.kind, country: input.country, contacts: input.contacts, ...nameColumns(input.names) })
    .returning();
  return view(row!);
}

export async function updateOrganisation(ctx: Ctx, id: string, patch: OrganisationPatch): Promise<OrganisationView> {
  const [row] = await ctx.db
    .update(organisations)
    .set({
      ...(patch.names ? nameColumns(patch.names) : {}),
      ...(patch.country ? { country: patch.country } : {}),
      ...(patch.contacts ? { contacts: patch.contacts } : {}),
      updatedAt: new Date(),
    })
    .where(eq(organisations.id, id))
    .returning();
  if (!row) throw notFound('organisation', 'organisationId');
  return view(row);
}
