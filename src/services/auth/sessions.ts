import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError, invalid, unauthenticated } from '../../domain/errors.js';
import { decoyPasswordHash, hashPassword, newSecret, Password, secretHash, verifyPassword } from '../../domain/passwords.js';
import type { Database } from '../../db/client.js';
import { sessions, users } from '../../db/schema/index.js';
import { Email, userView } from '../users.js';
import type { UserView } from '../../domain/views.js';
import { accountKey, clearFailures, clientKey, lockedUntil, recordFailure, throttlePolicy } from './throttle.js';
import { SESSION_PREFIX } from './actor.js';
import type { Ctx } from '../context.js';

export const SignInInput = z.strictObject({
  email: Email,
  password: z.string().min(1, 'must not be empty').max(200),
});
export type SignInInput = z.infer<typeof SignInInput>;

export interface SignedIn {
  cookie: string;
  expiresAt: Date;
  user: UserView;
}

function tooMany(until: Date, now: Date): DomainError {
  const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
  return new DomainError('too_many_requests', `too many failed sign-ins; try again in ${minutes} minute(s)`);
}

export async function signIn(
  db: Database,
  input: SignInInput & { clientAddress: string },
  sessionTtlHours: number,
  now = new Date(),
): Promise<SignedIn> {
  const keys = [accountKey(input.email), clientKey(input.clientAddress)];
  const locked = await lockedUntil(db, keys, now);
  if (locked) throw tooMany(locked, now);

  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.email, input.email));
  // Always verify, against a decoy when the e-mail is unknown, so timing does not reveal accounts.
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? decoyPasswordHash);
  if (!user || !passwordOk || user.disabledAt) {
    // Failures are recorded outside any transaction that an error would roll back.
    await recordFailure(db, keys[0]!, throttlePolicy.maxFailuresPerAccount, now);
    await recordFailure(db, keys[1]!, throttlePolicy.maxFailuresPerClient, now);
    throw unauthenticated('the e-mail address or the password is wrong');
  }

  return db.transaction(async (tx) => {
    await clearFailures(tx, keys[0]!);
    const cookie = newSecret(SESSION_PREFIX);
    const expiresAt = new Date(now.getTime() + sessionTtlHours * 3_600_000);
    await tx.insert(sessions).values({ tokenHash: secretHash(cookie), userId: user.id, createdAt: now, expiresAt });
    return { cookie, expiresAt, user: await userView(tx, user.id) };
  });
}

export async function signOut(db: Database, cookie: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, secretHash(cookie)));
}

export const PasswordChange = z.strictObject({
  currentPassword: z.string().min(1, 'must not be empty').max(200),
  newPassword: Password,
});
export type PasswordChange = z.infer<typeof PasswordChange>;

/** Changes the actor's password and ends their other sessions; the current one stays signed in. */
export async function changePassword(ctx: Ctx, input: PasswordChange, currentCookie: string | undefined): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.userId));
    if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
      throw invalid('currentPassword', 'the current password is wrong');
    }
    if (input.newPassword === input.currentPassword) throw invalid('newPassword', 'must differ from the current password');
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: false })
      .where(eq(users.id, ctx.actor.userId));
    const keep = currentCookie ? secretHash(currentCookie) : '';
    await tx.delete(sessions).where(and(eq(sessions.userId, ctx.actor.userId), ne(sessions.tokenHash, keep)));
  });
}
