/**
 * Who may do what. A user holds one role in each organisation they belong to; a role grants a
 * fixed set of permissions within that organisation. An instance administrator (the person who
 * runs the Karvan server) holds every permission everywhere.
 */
export const roles = ['admin', 'coordinator', 'warehouse', 'field', 'monitor'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'organisation:manage', // edit the organisation's own profile and contacts
  'organisation:create', // create organisations (instance administrators only)
  'members:read',
  'members:manage',
  'locations:write',
  'catalogue:write',
  'shared:read', // read the data organisations share with monitors
  'stock:read', // the organisation's stock, lots and ledger accounts
  'stock:write', // receive, move, hand over, count, kit and correct the organisation's stock
  'audit:read', // verify the ledger's hash chains and read signed checkpoints
] as const;
export type Permission = (typeof permissions)[number];

const readOnly: Permission[] = ['shared:read'];
const stock: Permission[] = ['stock:read', 'stock:write'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ['organisation:manage', 'members:read', 'members:manage', 'locations:write', 'catalogue:write', ...stock, 'audit:read', ...readOnly],
  coordinator: ['members:read', 'locations:write', 'catalogue:write', ...stock, 'audit:read', ...readOnly],
  warehouse: [...stock, ...readOnly],
  field: ['stock:read', ...readOnly],
  // A monitor reads what organisations share, checks the ledger, and writes nothing.
  monitor: ['stock:read', 'audit:read', ...readOnly],
};

export interface Membership {
  organisationId: string;
  role: Role;
}

export interface Actor {
  userId: string;
  isInstanceAdmin: boolean;
  memberships: readonly Membership[];
  /** How the request proved who it is: a browser session or an API token. */
  via: 'session' | 'token' | 'cli';
}

export function roleIn(actor: Actor, organisationId: string): Role | undefined {
  return actor.memberships.find((m) => m.organisationId === organisationId)?.role;
}

/** True when the actor holds `permission` in `organisationId`, or in any organisation when omitted. */
export function can(actor: Actor, permission: Permission, organisationId?: string): boolean {
  if (actor.isInstanceAdmin) return true;
  if (permission === 'organisation:create') return false;
  return actor.memberships.some(
    (m) => (organisationId === undefined || m.organisationId === organisationId) && rolePermissions[m.role].includes(permission),
  );
}

export function isMember(actor: Actor, organisationId: string): boolean {
  return actor.isInstanceAdmin || actor.memberships.some((m) => m.organisationId === organisationId);
}
