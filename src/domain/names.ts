import { z } from 'zod';

/**
 * A name written in up to three scripts. Organisations and places in the Gaza Strip are known by
 * their Arabic name, groups in Isfahan by their Persian one; the English name is for everyone else.
 */
const nameText = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const Names = z
  .strictObject({ en: nameText.optional(), fa: nameText.optional(), ar: nameText.optional() })
  .refine((n) => n.en !== undefined || n.fa !== undefined || n.ar !== undefined, {
    message: 'give the name in at least one of en, fa, ar',
  });
export type Names = z.infer<typeof Names>;

export const languages = ['en', 'fa', 'ar'] as const;
export type Language = (typeof languages)[number];

/** The name to show in `language`, falling back to the others so a record is never nameless. */
export function nameIn(names: Names, language: Language): string {
  return names[language] ?? names.en ?? names.fa ?? names.ar ?? '';
}
