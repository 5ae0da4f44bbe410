import type { Actor } from '../domain/access.js';
import type { Database } from '../db/client.js';
import { SYSTEM_USER_ID } from '../domain/ids.js';

/** What every use case is given: the database and who is acting. */
export interface Ctx {
  db: Database;
  actor: Actor;
}

/** The actor for commands run on the server itself (`npx karvan …`): the operator, with full rights. */
export const operator: Actor = { userId: SYSTEM_USER_ID, isInstanceAdmin: true, memberships: [], via: 'cli' };
