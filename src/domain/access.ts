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
  'needs:write', // record, edit, submit, close and cancel the organisation's own needs (partners)
  'needs:approve', // approve needs addressed to the organisation (sending organisations)
  'pledges:write', // record pledges the organisation receives, and cash received against them
  'households:read', // the organisation's own households: never shared, not even with monitors
  'households:write',
  'entitlements:write', // the organisation's entitlement rules for distributions
] as const;
export type Permission = (typeof permissions)[number];

const readOnly: Permission[] = ['shared:read'];
const coordinating: Permission[] = [
  'needs:write',
  'needs:approve',
  'pledges:write',
  'households:read',
  'households:write',
  'entitlements:write',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ['organisation:manage', 'members:read', 'members:manage', 'locations:write', 'catalogue:write', ...coordinating, ...readOnly],
  coordinator: ['members:read', 'locations:write', 'catalogue:write', ...coordinating, ...readOnly],
  warehouse: [...readOnly],
  field: ['needs:write', 'households:read', 'households:write', ...readOnly],
  // A monitor reads what organisations share and writes nothing.
  monitor: [...readOnly],
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
