import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { roles, type Role } from '../domain/access.js';
import { notFound, ruleViolated } from '../domain/errors.js';
import { Password } from '../domain/passwords.js';
import type { Queryable } from '../db/client.js';
import { memberships, users } from '../db/schema/index.js';
import type { Ctx } from './context.js';
import type { MemberView } from '../domain/views.js';
import { loadOrganisation } from './organisations.js';
import { DisplayName, Email, findUserIdByEmail, insertUser, temporaryPassword } from './users.js';


export const MemberInput = z.strictObject({
  email: Email,
  role: z.enum(roles),
  /** For a person without an account yet. */
  displayName: DisplayName.optional(),
  /** For a new account; omitted, a temporary password is made and returned once. */
  password: Password.optional(),
});
export type MemberInput = z.infer<typeof MemberInput>;

export const RoleChange = z.strictObject({ role: z.enum(roles) });

async function memberRows(db: Queryable, organisationId: string, userId?: string): Promise<MemberView[]> {
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      displayName: users.displayName,
      role: memberships.role,
      disabledAt: users.disabledAt,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), userId ? eq(memberships.userId, userId) : undefined))
    .orderBy(asc(users.displayName), asc(users.id));
  return rows.map((r) => ({
    userId: r.userId,
    email: r.email,
    displayName: r.displayName,
    role: r.role,
    disabled: r.disabledAt !== null,
    since: r.since.toISOString(),
  }));
}

export async function listMembers(ctx: Ctx, organisationId: string): Promise<MemberView[]> {
  await loadOrganisation(ctx.db, organisationId);
  return memberRows(ctx.db, organisationId);
}

/**
 * Adds a person to the organisation with a role, creating their account when the e-mail is new.
 * A made-up password is returned once, for the administrator to pass on; it must be changed.
 */
export async function addMember(ctx: Ctx, organisationId: string, input: MemberInput) {
  return ctx.db.transaction(async (tx) => {
    await loadOrganisation(tx, organisationId);
    let userId = await findUserIdByEmail(tx, input.email);
    let oneTimePassword: string | undefined;
    if (!userId) {
      if (!input.displayName) throw ruleViolated('displayName', 'a new user needs a display name');
      oneTimePassword = input.password ? undefined : temporaryPassword();
      userId = await insertUser(tx, {
        email: input.email,
        displayName: input.displayName,
        password: input.password ?? oneTimePassword!,
        mustChangePassword: oneTimePassword !== undefined,
      });
    }
    const [existing] = await tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
    if (existing) throw ruleViolated('email', `this person is a member already, as ${existing.role}; change their role instead`);
    await tx.insert(memberships).values({ userId, organisationId, role: input.role });
    const [member] = await memberRows(tx, organisationId, userId);
    return { member: member!, temporaryPassword: oneTimePassword ?? null };
  });
}

/** An organisation always keeps at least one administrator, or nobody could manage it. */
async function assertAdminRemains(db: Queryable, organisationId: string, leavingUserId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        eq(memberships.role, 'admin'),
        sql`${memberships.userId} <> ${leavingUserId}`,
      ),
    );
  if (row!.n === 0) throw ruleViolated('userId', 'this is the last administrator of the organisation; appoint another first');
}

async function currentRole(db: Queryable, organisationId: string, userId: string): Promise<Role> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .for('update');
  if (!row) throw notFound('member', 'userId');
  return row.role;
}

export async function changeRole(ctx: Ctx, organisationId: string, userId: string, role: Role): Promise<MemberView> {
  return ctx.db.transaction(async (tx) => {
    const before = await currentRole(tx, organisationId, userId);
    if (before === 'admin' && role !== 'admin') await assertAdminRemains(tx, organisationId, userId);
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
    const [member] = await memberRows(tx, organisationId, userId);
    return member!;
  });
}

export async function removeMember(ctx: Ctx, organisationId: string, userId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if ((await currentRole(tx, organisationId, userId)) === 'admin') await assertAdminRemains(tx, organisationId, userId);
    await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
  });
}
