import { z } from 'zod';
import { Names } from './names.js';
import { ruleViolated } from './errors.js';

export const sectors = ['health', 'education', 'food_security', 'wash', 'shelter', 'other'] as const;
export type Sector = (typeof sectors)[number];

export const KitComponent = z.strictObject({
  itemId: z.uuid(),
  quantityUnits: z.number().int().positive().max(1_000_000),
});
export type KitComponent = z.infer<typeof KitComponent>;

const itemFields = {
  code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9._-]{1,39}$/, 'must be 2-40 capital letters, digits, . _ or -'),
  names: Names,
  sector: z.enum(sectors),
  /** What one unit is: "piece", "box of 100 tablets", "kg", "kit". */
  unit: z.string().trim().min(1).max(40),
  packSizeUnits: z.number().int().positive().max(100_000).default(1),
  weightKgPerUnit: z.number().positive().max(100_000),
  volumeM3PerUnit: z.number().positive().max(1_000),
  shelfLifeDays: z.number().int().positive().max(36_500).nullable().default(null),
  coldChain: z.boolean().default(false),
  dualUse: z.boolean().default(false),
  /** Optional free facts such as kcal for food (used to size a family food parcel). */
  kcalPerUnit: z.number().nonnegative().max(1_000_000).nullable().default(null),
};

export const ItemInput = z.strictObject({
  ...itemFields,
  /** When present, the item is a kit made of these components (a bill of materials). */
  components: z.array(KitComponent).min(1).max(200).optional(),
});
export type ItemInput = z.infer<typeof ItemInput>;

export const ItemPatch = z.strictObject({
  names: Names.optional(),
  unit: itemFields.unit.optional(),
  packSizeUnits: z.number().int().positive().max(100_000).optional(),
  weightKgPerUnit: itemFields.weightKgPerUnit.optional(),
  volumeM3PerUnit: itemFields.volumeM3PerUnit.optional(),
  shelfLifeDays: z.number().int().positive().max(36_500).nullable().optional(),
  coldChain: z.boolean().optional(),
  dualUse: z.boolean().optional(),
  kcalPerUnit: z.number().nonnegative().max(1_000_000).nullable().optional(),
});
export type ItemPatch = z.infer<typeof ItemPatch>;

/**
 * A kit's bill of materials: components are plain items (kits are not nested, so a kit's expiry
 * and its components' stock stay one level deep), each listed once, and never the kit itself.
 */
export function checkBillOfMaterials(
  kitId: string | undefined,
  components: readonly KitComponent[],
  isKit: (itemId: string) => boolean,
): void {
  const seen = new Set<string>();
  components.forEach((c, i) => {
    if (c.itemId === kitId) throw ruleViolated(`components.${i}.itemId`, 'a kit cannot contain itself');
    if (seen.has(c.itemId)) throw ruleViolated(`components.${i}.itemId`, 'list each component once');
    if (isKit(c.itemId)) throw ruleViolated(`components.${i}.itemId`, 'a kit component must be a plain item, not a kit');
    seen.add(c.itemId);
  });
}
