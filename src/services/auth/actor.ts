import { and, eq, gt, isNull, or } from 'drizzle-orm';
import type { Actor } from '../../domain/access.js';
import { secretHash } from '../../domain/passwords.js';
import type { Database } from '../../db/client.js';
import { apiTokens, memberships, organisations, sessions, users } from '../../db/schema/index.js';

export const SESSION_COOKIE = 'karvan_session';
export const TOKEN_PREFIX = 'kvn_';
export const SESSION_PREFIX = 'kvs_';

async function actorFor(db: Database, userId: string, via: Actor['via']): Promise<Actor | null> {
  const [user] = await db
    .select({ id: users.id, isInstanceAdmin: users.isInstanceAdmin, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.disabledAt) return null;
  const rows = await db
    .select({ organisationId: memberships.organisationId, organisationKind: organisations.kind, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId));
  return { userId: user.id, isInstanceAdmin: user.isInstanceAdmin, memberships: rows, via };
}

export async function actorFromSession(db: Database, cookie: string, now: Date): Promise<Actor | null> {
  const [session] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, secretHash(cookie)), gt(sessions.expiresAt, now)));
  return session ? actorFor(db, session.userId, 'session') : null;
}

// Writing last-used on every request would turn every read into a write; once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function actorFromToken(db: Database, token: string, now: Date): Promise<Actor | null> {
  const [row] = await db
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, secretHash(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return actorFor(db, row.userId, 'token');
}
