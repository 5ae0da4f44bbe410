import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notFound } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { newSecret, secretHash } from '../../domain/passwords.js';
import type { Database } from '../../db/client.js';
import { apiTokens } from '../../db/schema/index.js';
import type { Ctx } from '../context.js';
import { TOKEN_PREFIX } from './actor.js';
import type { TokenView } from '../../domain/views.js';

export const TokenInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  /** Omitted: the token lasts until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TokenInput = z.infer<typeof TokenInput>;


const view = (t: typeof apiTokens.$inferSelect): TokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Creates a bearer token for scripts and devices; the secret is returned this once and never again. */
export async function createToken(db: Database, userId: string, input: TokenInput, now = new Date()) {
  const token = newSecret(TOKEN_PREFIX);
  const row = {
    id: newId(),
    userId,
    name: input.name,
    prefix: token.slice(0, 10),
    tokenHash: secretHash(token),
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    lastUsedAt: null,
    revokedAt: null,
  };
  await db.insert(apiTokens).values(row);
  return { ...view(row), token };
}

export async function listTokens(ctx: Ctx): Promise<TokenView[]> {
  const rows = await ctx.db.select().from(apiTokens).where(eq(apiTokens.userId, ctx.actor.userId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(view);
}

export async function revokeToken(ctx: Ctx, tokenId: string, now = new Date()): Promise<void> {
  const revoked = await ctx.db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, ctx.actor.userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (revoked.length === 0) throw notFound('active token', 'tokenId');
}
