import { and, asc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { checkBillOfMaterials, type ItemInput, type ItemPatch, type KitComponent, type Sector } from '../domain/catalogue.js';
import { conflict, notFound, ruleViolated } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { ItemView } from '../domain/views.js';
import type { Queryable } from '../db/client.js';
import { items, kitComponents } from '../db/schema/index.js';
import type { Ctx } from './context.js';
import { namesOf } from './users.js';


const view = (i: typeof items.$inferSelect, components: KitComponent[]): ItemView => ({
  id: i.id,
  code: i.code,
  names: namesOf(i),
  sector: i.sector,
  unit: i.unit,
  packSizeUnits: i.packSizeUnits,
  weightKgPerUnit: i.weightKgPerUnit,
  volumeM3PerUnit: i.volumeM3PerUnit,
  shelfLifeDays: i.shelfLifeDays,
  coldChain: i.coldChain,
  dualUse: i.dualUse,
  kcalPerUnit: i.kcalPerUnit,
  isKit: i.isKit,
  components,
});

async function componentsOf(db: Queryable, kitIds: string[]): Promise<Map<string, KitComponent[]>> {
  const byKit = new Map<string, KitComponent[]>();
  if (kitIds.length === 0) return byKit;
  const rows = await db
    .select()
    .from(kitComponents)
    .where(inArray(kitComponents.kitItemId, kitIds))
    .orderBy(asc(kitComponents.kitItemId), asc(kitComponents.componentItemId));
  for (const r of rows) {
    const list = byKit.get(r.kitItemId) ?? [];
    list.push({ itemId: r.componentItemId, quantityUnits: r.quantityUnits });
    byKit.set(r.kitItemId, list);
  }
  return byKit;
}

export interface ItemFilter {
  sector?: Sector;
  kits?: boolean;
  q?: string;
}

export async function listItems(ctx: Ctx, filter: ItemFilter): Promise<ItemView[]> {
  const where: SQL[] = [];
  if (filter.sector) where.push(eq(items.sector, filter.sector));
  if (filter.kits !== undefined) where.push(eq(items.isKit, filter.kits));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(items.code, like), ilike(items.nameEn, like), ilike(items.nameFa, like), ilike(items.nameAr, like))!);
  }
  const rows = await ctx.db.select().from(items).where(and(...where)).orderBy(asc(items.code));
  const components = await componentsOf(ctx.db, rows.filter((r) => r.isKit).map((r) => r.id));
  return rows.map((r) => view(r, components.get(r.id) ?? []));
}

export async function loadItem(db: Queryable, id: string, field = 'itemId'): Promise<ItemView> {
  const [row] = await db.select().from(items).where(eq(items.id, id));
  if (!row) throw notFound('item', field);
  return view(row, (await componentsOf(db, [id])).get(id) ?? []);
}

export const getItem = (ctx: Ctx, id: string) => loadItem(ctx.db, id);

async function writeComponents(db: Queryable, kitId: string, components: readonly KitComponent[]) {
  const found = await db
    .select({ id: items.id, isKit: items.isKit })
    .from(items)
    .where(inArray(items.id, components.map((c) => c.itemId)));
  const isKit = new Map(found.map((f) => [f.id, f.isKit]));
  components.forEach((c, i) => {
    if (!isKit.has(c.itemId)) throw ruleViolated(`components.${i}.itemId`, 'no item with this id');
  });
  checkBillOfMaterials(kitId, components, (id) => isKit.get(id) === true);
  await db.delete(kitComponents).where(eq(kitComponents.kitItemId, kitId));
  await db.insert(kitComponents).values(components.map((c) => ({ kitItemId: kitId, componentItemId: c.itemId, quantityUnits: c.quantityUnits })));
}

export async function createItem(ctx: Ctx, input: ItemInput): Promise<ItemView> {
  return ctx.db.transaction(async (tx) => {
    if ((await tx.select({ id: items.id }).from(items).where(eq(items.code, input.code))).length) {
      throw conflict(`an item with code ${input.code} exists already`, 'code');
    }
    const id = newId();
    const { names, components, ...fields } = input;
    await tx.insert(items).values({
      id,
      ...fields,
      nameEn: names.en ?? null,
      nameFa: names.fa ?? null,
      nameAr: names.ar ?? null,
      isKit: components !== undefined,
    });
    if (components) await writeComponents(tx, id, components);
    return loadItem(tx, id);
  });
}

export async function updateItem(ctx: Ctx, id: string, patch: ItemPatch): Promise<ItemView> {
  return ctx.db.transaction(async (tx) => {
    await loadItem(tx, id);
    const { names, ...fields } = patch;
    await tx
      .update(items)
      .set({
        ...fields,
        ...(names ? { nameEn: names.en ?? null, nameFa: names.fa ?? null, nameAr: names.ar ?? null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(items.id, id));
    return loadItem(tx, id);
  });
}

/** Replaces a kit's bill of materials. */
export async function setKitComponents(ctx: Ctx, kitId: string, components: KitComponent[]): Promise<ItemView> {
  return ctx.db.transaction(async (tx) => {
    const kit = await loadItem(tx, kitId);
    if (!kit.isKit) throw ruleViolated('itemId', 'this item is not a kit; create a kit item to give it components');
    await writeComponents(tx, kitId, components);
    return loadItem(tx, kitId);
  });
}
