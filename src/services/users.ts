import { and, eq, ne, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { grantedPermissions } from '../domain/access.js';
import { hashPassword } from '../domain/passwords.js';
import { conflict, notFound } from '../domain/errors.js';
import { newId, SYSTEM_USER_ID } from '../domain/ids.js';
import { languages, Names, type Language, type Names as NamesT } from '../domain/names.js';
import type { Database, Queryable } from '../db/client.js';
import type { Ctx } from './context.js';
import { memberships, organisations, sessions, users } from '../db/schema/index.js';
import type { UserView } from '../domain/views.js';


export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be an email address').max(320));

export const DisplayName = z.string().trim().min(1, 'must not be empty').max(200);


export const namesOf = (row: { nameEn: string | null; nameFa: string | null; nameAr: string | null }): NamesT =>
  Names.parse({ en: row.nameEn ?? undefined, fa: row.nameFa ?? undefined, ar: row.nameAr ?? undefined });

export async function userView(db: Queryable, userId: string): Promise<UserView> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw notFound('user');
  const rows = await db
    .select({
      organisationId: memberships.organisationId,
      role: memberships.role,
      kind: organisations.kind,
      nameEn: organisations.nameEn,
      nameFa: organisations.nameFa,
      nameAr: organisations.nameAr,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId));
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    isInstanceAdmin: user.isInstanceAdmin,
    mustChangePassword: user.mustChangePassword,
    // Rows written before the language was checked fall back to English rather than failing the view.
    preferredLanguage: (languages as readonly string[]).includes(user.preferredLanguage) ? (user.preferredLanguage as Language) : 'en',
    memberships: rows.map((r) => ({
      organisationId: r.organisationId,
      role: r.role,
      organisationNames: namesOf(r),
      // As the server decides: the role's permissions that the organisation's kind allows, so the
      // app never offers a sending group's coordinator to register households.
      permissions: grantedPermissions(r.role, r.kind),
    })),
  };
}

export const MePatch = z.strictObject({
  /** The language the web app shows this person, on every device they sign in from. */
  preferredLanguage: z.enum(languages).optional(),
});
export type MePatch = z.infer<typeof MePatch>;

export async function updateMe(ctx: Ctx, patch: MePatch): Promise<UserView> {
  return ctx.db.transaction(async (tx) => {
    if (patch.preferredLanguage) await tx.update(users).set({ preferredLanguage: patch.preferredLanguage }).where(eq(users.id, ctx.actor.userId));
    return userView(tx, ctx.actor.userId);
  });
}

/** A readable one-time password for a new account: 16 characters of base64url. */
export const temporaryPassword = () => randomBytes(12).toString('base64url');

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  isInstanceAdmin?: boolean;
  mustChangePassword?: boolean;
  /**
   * The stored hash of `password`, when the caller made it already: the demo gives its many people
   * one password, and hashing it once spares seconds of scrypt. Never for real accounts.
   */
  passwordHash?: string;
}

export async function insertUser(db: Queryable, input: NewUser): Promise<string> {
  const email = Email.parse(input.email);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw conflict(`a user with e-mail ${email} exists already`, 'email');
  const id = newId();
  await db.insert(users).values({
    id,
    email,
    displayName: input.displayName,
    passwordHash: input.passwordHash ?? (await hashPassword(input.password)),
    isInstanceAdmin: input.isInstanceAdmin ?? false,
    mustChangePassword: input.mustChangePassword ?? false,
  });
  return id;
}

/** Real people only: the system row is not a user anyone can be. */
export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(ne(users.id, SYSTEM_USER_ID));
  return row!.n;
}

/** Creates an instance administrator (used by `karvan admin create` and by first-time setup). */
export async function createInstanceAdmin(db: Database, input: NewUser): Promise<UserView> {
  return db.transaction(async (tx) => {
    const id = await insertUser(tx, { ...input, isInstanceAdmin: true });
    return userView(tx, id);
  });
}

/** Sets a new password and signs the user out everywhere (`karvan admin reset-password`). */
export async function resetPassword(db: Database, email: string, password: string, mustChange: boolean): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, Email.parse(email)), ne(users.id, SYSTEM_USER_ID)));
    if (!user) throw notFound(`user with e-mail ${email}`, 'email');
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(password), mustChangePassword: mustChange })
      .where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
  });
}

export async function findUserIdByEmail(db: Queryable, email: string): Promise<string | undefined> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, Email.parse(email)));
  return user?.id;
}
