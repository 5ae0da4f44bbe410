import { boolean, doublePrecision, integer, pgEnum, pgTable, primaryKey, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { sectors } from '../../domain/catalogue.js';

export const sector = pgEnum('sector', sectors);

export const items = pgTable('items', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  nameEn: text('name_en'),
  nameFa: text('name_fa'),
  nameAr: text('name_ar'),
  sector: sector('sector').notNull(),
  unit: text('unit').notNull(),
  packSizeUnits: integer('pack_size_units').notNull(),
  weightKgPerUnit: doublePrecision('weight_kg_per_unit').notNull(),
  volumeM3PerUnit: doublePrecision('volume_m3_per_unit').notNull(),
  shelfLifeDays: integer('shelf_life_days'),
  coldChain: boolean('cold_chain').notNull().default(false),
  dualUse: boolean('dual_use').notNull().default(false),
  kcalPerUnit: doublePrecision('kcal_per_unit'),
  isKit: boolean('is_kit').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A kit's bill of materials: how many units of each component make one kit. */
export const kitComponents = pgTable(
  'kit_components',
  {
    kitItemId: uuid('kit_item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    componentItemId: uuid('component_item_id')
      .notNull()
      .references(() => items.id),
    quantityUnits: integer('quantity_units').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kitItemId, t.componentItemId] }), index('kit_components_component_idx').on(t.componentItemId)],
);
