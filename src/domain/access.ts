import type { OrganisationKind } from './organisations.js';

/**
 * Who may do what. A user holds one role in each organisation they belong to; a role grants a
 * fixed set of permissions within that organisation (as far as the organisation's kind allows,
 * see kindPermissions). An instance administrator (the person who
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
  'stock:read', // the organisation's stock, lots and ledger accounts
  'stock:write', // receive, move, hand over, count, kit and correct the organisation's stock
  'audit:read', // verify the ledger's hash chains and read signed checkpoints
  'distributions:read', // the organisation's distribution plans and the records of what each household received
  'distributions:write', // record distributions to households (one by one or synced from an offline device)
  'distributions:manage', // plan distributions and close them, allow an exception to an entitlement rule, reverse a distribution
  'distributions:issue', // issue stock from a warehouse to a distribution site for a plan, and return what is left
  'planning:read', // the organisation's transport lanes and allocation plans (sending organisations)
  'planning:write', // transport lanes, running the allocation planner and accepting its plans (sending organisations)
  'consignments:read', // consignments the organisation sends, carries or receives
  'consignments:write', // build, pack, dispatch, close and cancel the organisation's consignments (senders)
  'consignments:track', // record arrivals, inspections, departures, offloading and collection at checkpoints
  'consignments:receive', // confirm receipt, line by line, of consignments addressed to the organisation (partners)
  'consignments:scan', // record a scan of a handling unit's QR code, with the time and the position
] as const;
export type Permission = (typeof permissions)[number];

const readOnly: Permission[] = ['shared:read'];
const stock: Permission[] = ['stock:read', 'stock:write'];
const distributing: Permission[] = ['distributions:read', 'distributions:write'];
const consigning: Permission[] = ['consignments:read', 'consignments:write', 'consignments:receive', 'consignments:scan'];
const coordinating: Permission[] = [
  ...consigning,
  'consignments:track',
  'needs:write',
  'needs:approve',
  'pledges:write',
  'households:read',
  'households:write',
  'entitlements:write',
  ...distributing,
  'distributions:manage',
  'distributions:issue',
  'planning:read',
  'planning:write',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ['organisation:manage', 'members:read', 'members:manage', 'locations:write', 'catalogue:write', ...coordinating, ...stock, 'audit:read', ...readOnly],
  coordinator: ['members:read', 'locations:write', 'catalogue:write', ...coordinating, ...stock, 'audit:read', ...readOnly],
  // A warehouse officer issues stock to distribution sites, so reads the plans (and their records).
  // A warehouse officer packs, dispatches and receives consignments; checkpoints are a coordinator's.
  // Allocation plans say what to pack, so they read those too.
  warehouse: [...stock, 'distributions:read', 'distributions:issue', ...consigning, 'planning:read', ...readOnly],
  field: ['needs:write', 'households:read', 'households:write', ...distributing, 'stock:read', 'consignments:read', 'consignments:scan', 'planning:read', ...readOnly],
  // A monitor reads what organisations share, checks the ledger, and writes nothing.
  monitor: ['stock:read', 'audit:read', 'consignments:read', 'planning:read', ...readOnly],
};

// Every kind may verify the stock ledger: monitors and donors first of all.
const everyKind: Permission[] = ['organisation:manage', 'members:read', 'members:manage', 'shared:read', 'audit:read'];

/**
 * What each kind of organisation does at all, whatever the role: partners record needs and
 * register households; sending organisations approve needs and take pledges. A role grants a
 * permission only where the organisation's kind allows it, so a coordinator of a sending group
 * cannot register households, even in their own organisation.
 */
export const kindPermissions: Record<OrganisationKind, readonly Permission[]> = {
  sending: [
    ...everyKind,
    'locations:write',
    'catalogue:write',
    'needs:approve',
    'pledges:write',
    'planning:read',
    'planning:write',
    ...stock,
    'consignments:read',
    'consignments:write',
    'consignments:track',
    'consignments:scan',
  ],
  partner: [
    ...everyKind,
    'locations:write',
    'catalogue:write',
    'needs:write',
    'households:read',
    'households:write',
    'entitlements:write',
    'distributions:read',
    'distributions:write',
    'distributions:manage',
    'distributions:issue',
    ...stock,
    // A partner confirms receipt, may record that it collected goods from a crossing, and scans labels.
    'consignments:read',
    'consignments:track',
    'consignments:receive',
    'consignments:scan',
  ],
  // A donor holds no stock, but reads its own donation accounts: where its gifts went first.
  donor: [...everyKind, 'stock:read'],
  // A carrier records the journey of the consignments it was named on: checkpoints and scans.
  logistics: [...everyKind, 'locations:write', ...stock, 'consignments:read', 'consignments:track', 'consignments:scan'],
  monitor: [...everyKind],
};

export interface Membership {
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
}

export interface Actor {
  userId: string;
  isInstanceAdmin: boolean;
  memberships: readonly Membership[];
  /** How the request proved who it is: a browser session or an API token. */
  via: 'session' | 'token' | 'cli';
}

const grants = (m: Membership, permission: Permission) =>
  rolePermissions[m.role].includes(permission) && kindPermissions[m.organisationKind].includes(permission);

/** Everything a role grants in an organisation of this kind (what `can` answers yes to there). */
export const grantedPermissions = (role: Role, kind: OrganisationKind): Permission[] =>
  rolePermissions[role].filter((permission) => kindPermissions[kind].includes(permission));

export function roleIn(actor: Actor, organisationId: string): Role | undefined {
  return actor.memberships.find((m) => m.organisationId === organisationId)?.role;
}

/** True when the actor holds `permission` in `organisationId`, or in any organisation when omitted. */
export function can(actor: Actor, permission: Permission, organisationId?: string): boolean {
  if (actor.isInstanceAdmin) return true;
  if (permission === 'organisation:create') return false;
  return actor.memberships.some((m) => (organisationId === undefined || m.organisationId === organisationId) && grants(m, permission));
}

export function isMember(actor: Actor, organisationId: string): boolean {
  return actor.isInstanceAdmin || actor.memberships.some((m) => m.organisationId === organisationId);
}

/**
 * Why `can` said no, in words a person can act on: the organisation's kind does not do this at
 * all (say which kinds do), or the person's role there does not allow it.
 */
export function refusalReason(actor: Actor, permission: Permission, organisationId?: string): string {
  const relevant = actor.memberships.filter((m) => organisationId === undefined || m.organisationId === organisationId);
  const byRole = relevant.find((m) => rolePermissions[m.role].includes(permission));
  if (byRole && !kindPermissions[byRole.organisationKind].includes(permission)) {
    const kinds = (Object.keys(kindPermissions) as OrganisationKind[]).filter((k) => kindPermissions[k].includes(permission));
    return `a ${byRole.organisationKind} organisation cannot do this (${permission}); only ${kinds.join(' or ')} organisations can`;
  }
  if (relevant.length === 0 && organisationId) return `you are not a member of this organisation (${permission} is needed there)`;
  return `your role does not allow this (${permission} is needed)`;
}
