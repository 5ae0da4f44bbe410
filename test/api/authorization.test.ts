import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../../src/domain/access.js';
import { ItemInput } from '../../src/domain/catalogue.js';
import { createToken } from '../../src/services/auth/tokens.js';
import { operator } from '../../src/services/context.js';
import { addMember } from '../../src/services/members.js';
import { createItem } from '../../src/services/catalogue.js';
import { createLocation } from '../../src/services/locations.js';
import { resetPassword } from '../../src/services/users.js';
import type { OrganisationView } from '../../src/domain/views.js';
import { openTestApp, seedWorld, TEST_PASSWORD, type Caller, type Method, type TestApp, type World } from '../helpers/app.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, KHAN_YOUNIS } from '../helpers/pipeline.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../src/domain/ids.js';
import { createCheckpoint } from '../../src/services/audit/checkpoints.js';
import { ensureAuditKey } from '../../src/services/audit/keys.js';
import { openStockCount } from '../../src/services/ledger/counts.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { assembleKits } from '../../src/services/ledger/kits.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { ledgerConsignment } from '../helpers/trace.js';
import { createLane } from '../../src/services/planning/lanes.js';
import { planAllocationsFor } from '../../src/services/planning/plans.js';
import { PlanRequest } from '../../src/domain/planning/plans.js';
import { createDraftConsignment } from '../../src/services/consignments/create.js';
import { dispatchConsignment, packConsignment, receiveConsignment, recordConsignmentEvent } from '../../src/services/consignments/journey.js';

/**
 * Walks every route × every role × own/other organisation and checks the answer: 2xx where the
 * role may act, 403 where it may not, 401 for nobody signed in. People of a sending organisation
 * and of a partner organisation each act on their own organisation and on another one of the
 * same kind. The expectations are written here, by hand, independently of the access
 * declarations in the code; a route missing from this table fails the test, so a new route
 * cannot ship without someone deciding who may call it.
 */

type Side = 'sending' | 'partner';
interface Party {
  org: OrganisationView;
  people: Record<Role, Caller>;
}
interface Attempt {
  caller: Caller;
  side: Side;
  own: boolean;
  /** The organisation acted on: the caller's own, or another of the same kind. */
  target: Party;
}
interface Request {
  url: string;
  body?: unknown;
}
type Allowed = { own: readonly Role[]; other: readonly Role[] };
interface Case {
  /** Builds a valid request for the attempt, setting up the fixtures it consumes. */
  request(a: Attempt): Promise<Request> | Request;
  /** 'public' (anyone), 'signed-in' (everyone signed in), or, per side, the roles that succeed. */
  may: 'public' | 'signed-in' | Partial<Record<Side, Allowed>>;
  /** The success status when it is not simply 2xx (setup, once done, answers 409 to everyone). */
  success?: number;
  /**
   * The record belongs to another organisation and is private to it (a draft need): callers there
   * are told it does not exist (404) rather than that they may not touch it, which would leak it.
   */
  privateToOwner?: true;
}

const none: readonly Role[] = [];
const admins: readonly Role[] = ['admin'];
const managers: readonly Role[] = ['admin', 'coordinator'];
const fieldTeam: readonly Role[] = ['admin', 'coordinator', 'field'];
const everyone: readonly Role[] = roles;
const ownOnly = (r: readonly Role[]): Allowed => ({ own: r, other: none });
const anywhere = (r: readonly Role[]): Allowed => ({ own: r, other: r });
const bothSides = (a: Allowed) => ({ sending: a, partner: a });

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

let t: TestApp;
let w: World;
let parties: Record<Side, { own: Party; other: Party }>;
let plainItemId: string;
let kitId: string;
let secretsDir: string;

async function ok(res: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const r = await res;
  if (r.statusCode >= 300) throw new Error(`fixture failed: ${r.statusCode} ${r.body}`);
  return r.json() as Record<string, unknown> & { id: string };
}

async function freshMember(target: Party): Promise<string> {
  const { member } = await addMember({ db: t.store.db, actor: operator }, target.org.id, {
    email: `${unique('m')}@member.test`.toLowerCase(),
    role: 'field',
    displayName: 'Temp',
  });
  return member.userId;
}

async function siteOf(target: Party): Promise<string> {
  const site = await createLocation(
    { db: t.store.db, actor: operator },
    { level: 'site', siteKind: 'warehouse', parentId: DEIR_AL_BALAH, names: { en: unique('Site ') }, organisationId: target.org.id },
  );
  return site.id;
}

const itemBody = () => ({
  code: unique('IT-'),
  names: { en: 'Wheat flour 25 kg', fa: 'آرد گندم ۲۵ کیلوگرمی', ar: 'طحين القمح ٢٥ كغ' },
  sector: 'food_security',
  unit: 'sack',
  weightKgPerUnit: 25,
  volumeM3PerUnit: 0.04,
  shelfLifeDays: 365,
});

/** The partner that owns a need in this attempt: the target when a partner acts, else ours. */
const needOwner = (a: Attempt) => (a.side === 'partner' ? a.target : parties.partner.own);
/** The sending organisation a need is addressed to: the target when a sending group acts. */
const addressee = (a: Attempt) => (a.side === 'sending' ? a.target : parties.sending.own);

async function need(owner: Party, to: Party, status: 'draft' | 'submitted' | 'approved') {
  const created = await ok(
    owner.people.field.call('POST', `/api/organisations/${owner.org.id}/needs`, {
      title: unique('Need '),
      addressedTo: [to.org.id],
      locationId: DEIR_AL_BALAH,
      priority: 'high',
      neededBy: daysFromToday(30),
      peopleToReach: 100,
      sector: 'food_security',
      justification: 'authorization test',
      lines: [{ itemId: plainItemId, quantityUnits: 10 }],
    }),
  );
  if (status !== 'draft') await ok(owner.people.field.call('POST', `/api/needs/${created.id}/submit`, {}));
  if (status === 'approved') await ok(to.people.coordinator.call('POST', `/api/needs/${created.id}/approve`, {}));
  return created;
}

async function pledge(by: Party) {
  return ok(
    by.people.coordinator.call('POST', `/api/organisations/${by.org.id}/pledges`, {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(10),
      lines: [
        { kind: 'goods', itemId: plainItemId, quantityUnits: 5 },
        { kind: 'cash', currency: 'EUR', amountMinor: 50_000 },
      ],
    }),
  );
}

/** Stock for the matrix: a site of the target with 50 units of a new lot of the plain item on it. */
const stockCtx = () => ({ db: t.store.db, actor: operator });
async function stocked(target: Party) {
  const siteId = await siteOf(target);
  const op = await receiveIntake(stockCtx(), target.org.id, {
    id: newId(),
    locationId: siteId,
    source: 'purchase',
    lines: [{ itemId: plainItemId, lotCode: unique('LOT-'), expiryDate: null, triage: 'urgent', quantityUnits: 50 }],
  });
  return { siteId, lotId: op.lots[0]!.id, transferId: op.transfers[0]!.id, accountId: op.transfers[0]!.toAccountId };
}
/** A site of some organisation other than the target, to hand stock over to. */
const foreignSite = (target: Party) => siteOf(target === parties.partner.other ? parties.partner.own : parties.partner.other);
async function assembledKit(target: Party) {
  const stock = await stocked(target);
  const op = await assembleKits(stockCtx(), target.org.id, { id: newId(), locationId: stock.siteId, kitItemId: kitId, kits: 2 });
  return { siteId: stock.siteId, kitLotId: op.transfers[op.transfers.length - 1]!.lotId };
}
async function openCount(target: Party) {
  const stock = await stocked(target);
  const countId = newId();
  await openStockCount(stockCtx(), target.org.id, { id: countId, locationId: stock.siteId });
  return { countId, lotId: stock.lotId };
}
const stockKeepers: readonly Role[] = ['admin', 'coordinator', 'warehouse'];
const auditors: readonly Role[] = ['admin', 'coordinator', 'monitor'];

const householdBody = () => ({ documentNumber: unique('D'), locationId: KHAN_YOUNIS, memberCount: 5, childrenUnder5Count: 1, schoolAgeChildrenCount: 2 });
const household = (owner: Party) => ok(owner.people.field.call('POST', `/api/organisations/${owner.org.id}/households`, householdBody()));
const ruleBody = () => ({ itemId: plainItemId, quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 } });

/** Households and rules live in partners; a sending caller aims at its own organisation and is refused. */
const orgUrl = (a: Attempt, rest: string) => `/api/organisations/${a.target.org.id}${rest}`;
const partnerTarget = (a: Attempt) => (a.side === 'partner' ? a.target : parties.partner.own);

/** Per partner: a distribution plan at one of its sites, with stock issued there, made once. */
const plans = new Map<string, { planId: string; siteId: string; warehouseId: string; lotId: string }>();
async function stockedPlan(owner: Party) {
  const made = plans.get(owner.org.id);
  if (made) return made;
  const f = distributionFixtures(t);
  const [warehouseId, siteId] = [await f.warehouse(owner.org.id), await f.site(owner.org.id)];
  await f.stock(owner.org.id, warehouseId, plainItemId, 10_000);
  const plan = await f.plan(owner.org.id, { siteId, plannedOn: daysFromToday(0), lines: [{ itemId: plainItemId, quantityUnits: 1, per: 'household' }] });
  const issued = await f.issue(owner.org.id, plan.id, warehouseId, [{ itemId: plainItemId, quantityUnits: 5_000 }]);
  const entry = { planId: plan.id, siteId, warehouseId, lotId: issued.transfers[0]!.lotId };
  plans.set(owner.org.id, entry);
  return entry;
}
/** A new open plan at the owner's distribution site, to close. */
const openPlan = async (owner: Party) =>
  distributionFixtures(t).plan(owner.org.id, { siteId: (await stockedPlan(owner)).siteId, plannedOn: daysFromToday(0), lines: [{ itemId: plainItemId, quantityUnits: 1, per: 'household' }] });
/** A distribution record for a new household of the owner, to read or to reverse. */
const distributionBody = async (owner: Party) => ({
  id: newId(),
  planId: (await stockedPlan(owner)).planId,
  householdId: (await household(owner)).id,
  distributedAt: new Date().toISOString(),
  proof: { kind: 'voucher', code: unique('V-') },
});
const distribution = async (owner: Party) =>
  ok(owner.people.field.call('POST', `/api/organisations/${owner.org.id}/distributions`, await distributionBody(owner)));
/** A pledge the target is part of: taken by a sending target, or given by a partner target (as donor). */
const tracedPledge = (a: Attempt) =>
  ok(
    (a.side === 'sending' ? a.target : parties.sending.own).people.coordinator.call(
      'POST',
      `/api/organisations/${(a.side === 'sending' ? a.target : parties.sending.own).org.id}/pledges`,
      {
        donor: a.side === 'sending' ? { kind: 'anonymous' } : { kind: 'organisation', organisationId: a.target.org.id },
        expectedOn: daysFromToday(10),
        lines: [{ kind: 'goods', itemId: plainItemId, quantityUnits: 5 }],
      },
    ),
  );
const distributors: readonly Role[] = ['admin', 'coordinator', 'field', 'warehouse'];

/** Lanes and plans are a sending organisation's; a partner caller aims at the sending group's. */
const sendingTarget = (a: Attempt) => (a.side === 'sending' ? a.target : parties.sending.own);
const laneBody = async (target: Party) => ({
  fromLocationId: await siteOf(target),
  toLocationId: DEIR_AL_BALAH,
  leadTimeDays: 5,
  periodDays: 7,
  capacityKgPerPeriod: 10_000,
  capacityM3PerPeriod: 40,
});
const laneOf = async (target: Party) => (await createLane(stockCtx(), target.org.id, await laneBody(target))).id;
const allocationPlans = new Map<string, string>();
async function allocationPlanOf(target: Party) {
  const made = allocationPlans.get(target.org.id);
  if (made) return made;
  const plan = await planAllocationsFor(stockCtx(), target.org.id, PlanRequest.parse({ timeLimitSeconds: 1 }));
  allocationPlans.set(target.org.id, plan.id);
  return plan.id;
}
const planners: readonly Role[] = managers;
/**
 * A consignment in which the attempt's target takes part: sent by it when a sending organisation
 * acts, addressed to it when a partner acts (the other party is our own of the other kind), taken
 * through the services to the stage the route needs. Attempts on another organisation's path are
 * refused before the use case runs, so they get a draft: cheaper to make, and the answer is the same.
 */
const stages = ['draft', 'packed', 'in_transit', 'at_checkpoint', 'offloaded', 'collected', 'received'] as const;
async function shipment(a: Attempt, upTo: (typeof stages)[number]) {
  const ctx = stockCtx();
  const sender = a.side === 'sending' ? a.target : parties.sending.own;
  const consignee = a.side === 'partner' ? a.target : parties.partner.own;
  const stock = await stocked(sender);
  const id = newId();
  let c = await createDraftConsignment(ctx, sender.org.id, {
    id,
    consigneeOrganisationId: consignee.org.id,
    originLocationId: stock.siteId,
    destinationLocationId: await siteOf(consignee),
    lines: [{ itemId: plainItemId, quantityUnits: 2 }],
  });
  // The shortest way to each stage (offloaded and received may follow in transit directly), so
  // the matrix stays quick: it builds one consignment per attempt.
  const path: Record<(typeof stages)[number], (typeof stages)[number][]> = {
    draft: [],
    packed: ['packed'],
    in_transit: ['packed', 'in_transit'],
    at_checkpoint: ['packed', 'in_transit', 'at_checkpoint'],
    offloaded: ['packed', 'in_transit', 'offloaded'],
    collected: ['packed', 'in_transit', 'offloaded', 'collected'],
    received: ['packed', 'in_transit', 'received'],
  };
  const reached = (s: (typeof stages)[number]) => path[upTo].includes(s);
  if (reached('packed')) c = await packConsignment(ctx, sender.org.id, id, { id: newId(), kind: 'box' });
  if (reached('in_transit')) c = await dispatchConsignment(ctx, sender.org.id, id, { id: newId() });
  if (reached('at_checkpoint')) c = await recordConsignmentEvent(ctx, sender.org.id, id, { id: newId(), kind: 'arrived', locationId: KHAN_YOUNIS });
  if (reached('offloaded')) c = await recordConsignmentEvent(ctx, sender.org.id, id, { id: newId(), kind: 'offloaded', locationId: KHAN_YOUNIS });
  if (reached('collected')) c = await recordConsignmentEvent(ctx, consignee.org.id, id, { id: newId(), kind: 'collected' });
  if (reached('received')) {
    c = await receiveConsignment(ctx, consignee.org.id, id, { id: newId(), lines: [{ lineId: c.lines[0]!.id, goodUnits: 2, damagedUnits: 0, shortUnits: 0 }] });
  }
  return { id, url: `/api/organisations/${a.target.org.id}/consignments/${id}`, view: c, siteId: stock.siteId, destinationId: c.destination.id };
}
const scanners: readonly Role[] = ['admin', 'coordinator', 'warehouse', 'field'];

const cases: Record<string, Case> = {
  // Foundation
  'POST /api/setup': {
    may: 'public',
    success: 409,
    request: () => ({ url: '/api/setup', body: { setupToken: 'x', email: 'late@karvan.test', displayName: 'Late', password: 'a long password' } }),
  },
  'POST /api/auth/sign-in': {
    may: 'public',
    request: () => ({ url: '/api/auth/sign-in', body: { email: 'field@partner.test', password: TEST_PASSWORD } }),
  },
  'POST /api/auth/sign-out': { may: 'public', request: () => ({ url: '/api/auth/sign-out' }) },
  'GET /api/me': { may: 'signed-in', request: () => ({ url: '/api/me' }) },
  'PATCH /api/me': { may: 'signed-in', request: () => ({ url: '/api/me', body: { preferredLanguage: 'fa' } }) },
  'POST /api/me/password': {
    may: 'signed-in',
    request: async ({ caller }) => {
      const email = (await caller.call('GET', '/api/me')).json()?.email as string | undefined;
      if (email) await resetPassword(t.store.db, email, TEST_PASSWORD, false);
      return { url: '/api/me/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'another long password' } };
    },
  },
  'GET /api/me/tokens': { may: 'signed-in', request: () => ({ url: '/api/me/tokens' }) },
  'POST /api/me/tokens': { may: 'signed-in', request: () => ({ url: '/api/me/tokens', body: { name: 'phone' } }) },
  'DELETE /api/me/tokens/:tokenId': {
    may: 'signed-in',
    request: async ({ caller }) => {
      const token = caller.userId ? await createToken(t.store.db, caller.userId, { name: 'to revoke' }) : { id: '00000000-0000-4000-8000-000000000000' };
      return { url: `/api/me/tokens/${token.id}` };
    },
  },
  'GET /api/organisations': { may: 'signed-in', request: () => ({ url: '/api/organisations' }) },
  'POST /api/organisations': {
    may: {},
    request: () => ({ url: '/api/organisations', body: { kind: 'donor', names: { en: unique('Donor ') }, country: 'IR' } }),
  },
  'GET /api/organisations/:organisationId': { may: 'signed-in', request: (a) => ({ url: orgUrl(a, '') }) },
  'PATCH /api/organisations/:organisationId': {
    may: bothSides(ownOnly(admins)),
    request: (a) => ({ url: orgUrl(a, ''), body: { contacts: [{ name: 'Duty officer', phone: '+970 8 123 4567' }] } }),
  },
  'GET /api/organisations/:organisationId/members': { may: bothSides(ownOnly(managers)), request: (a) => ({ url: orgUrl(a, '/members') }) },
  'POST /api/organisations/:organisationId/members': {
    may: bothSides(ownOnly(admins)),
    request: (a) => ({ url: orgUrl(a, '/members'), body: { email: `${unique('n')}@new.test`.toLowerCase(), displayName: 'New person', role: 'warehouse' } }),
  },
  'PATCH /api/organisations/:organisationId/members/:userId': {
    may: bothSides(ownOnly(admins)),
    request: async (a) => ({ url: orgUrl(a, `/members/${await freshMember(a.target)}`), body: { role: 'coordinator' } }),
  },
  'DELETE /api/organisations/:organisationId/members/:userId': {
    may: bothSides(ownOnly(admins)),
    request: async (a) => ({ url: orgUrl(a, `/members/${await freshMember(a.target)}`) }),
  },
  'GET /api/locations': { may: 'signed-in', request: () => ({ url: `/api/locations?parentId=${DEIR_AL_BALAH}` }) },
  'GET /api/locations/:locationId': { may: 'signed-in', request: () => ({ url: `/api/locations/${KHAN_YOUNIS}` }) },
  'POST /api/locations': {
    may: bothSides(ownOnly(managers)),
    request: (a) => ({
      url: '/api/locations',
      body: { level: 'site', siteKind: 'distribution_point', parentId: KHAN_YOUNIS, names: { en: unique('Point ') }, organisationId: a.target.org.id },
    }),
  },
  'PATCH /api/locations/:locationId': {
    may: bothSides(ownOnly(managers)),
    request: async (a) => ({ url: `/api/locations/${await siteOf(a.target)}`, body: { latitude: 31.4, longitude: 34.35 } }),
  },
  'GET /api/items': { may: 'signed-in', request: () => ({ url: '/api/items?sector=food_security' }) },
  'GET /api/items/:itemId': { may: 'signed-in', request: () => ({ url: `/api/items/${plainItemId}` }) },
  'POST /api/items': { may: bothSides(anywhere(managers)), request: () => ({ url: '/api/items', body: itemBody() }) },
  'PATCH /api/items/:itemId': { may: bothSides(anywhere(managers)), request: () => ({ url: `/api/items/${plainItemId}`, body: { shelfLifeDays: 300 } }) },
  'PUT /api/items/:itemId/components': {
    may: bothSides(anywhere(managers)),
    request: () => ({ url: `/api/items/${kitId}/components`, body: { components: [{ itemId: plainItemId, quantityUnits: 2 }] } }),
  },

  // Needs: partners record and move their own; sending organisations approve those addressed to them.
  'GET /api/needs': { may: bothSides(anywhere(everyone)), request: () => ({ url: '/api/needs' }) },
  'GET /api/needs/:needId': {
    may: 'signed-in',
    request: async () => ({ url: `/api/needs/${(await need(parties.partner.own, parties.sending.own, 'submitted')).id}` }),
  },
  'POST /api/organisations/:organisationId/needs': {
    may: { partner: ownOnly(fieldTeam) },
    request: (a) => ({
      url: orgUrl(a, '/needs'),
      body: {
        title: unique('Need '),
        addressedTo: [parties.sending.own.org.id],
        locationId: DEIR_AL_BALAH,
        priority: 'critical',
        neededBy: daysFromToday(20),
        peopleToReach: 500,
        sector: 'food_security',
        justification: 'authorization test',
        lines: [{ itemId: plainItemId, quantityUnits: 40 }],
      },
    }),
  },
  'PUT /api/needs/:needId': {
    may: { partner: ownOnly(fieldTeam) },
    privateToOwner: true,
    request: async (a) => {
      const draft = await need(needOwner(a), parties.sending.own, 'draft');
      return {
        url: `/api/needs/${draft.id}`,
        body: {
          title: 'Edited',
          addressedTo: [parties.sending.own.org.id],
          locationId: DEIR_AL_BALAH,
          priority: 'medium',
          neededBy: daysFromToday(25),
          peopleToReach: 120,
          sector: 'food_security',
          justification: 'edited',
          lines: [{ itemId: plainItemId, quantityUnits: 12 }],
        },
      };
    },
  },
  'POST /api/needs/:needId/submit': {
    may: { partner: ownOnly(fieldTeam) },
    privateToOwner: true,
    request: async (a) => ({ url: `/api/needs/${(await need(needOwner(a), parties.sending.own, 'draft')).id}/submit`, body: {} }),
  },
  'POST /api/needs/:needId/approve': {
    may: { sending: ownOnly(managers) },
    request: async (a) => ({ url: `/api/needs/${(await need(parties.partner.own, addressee(a), 'submitted')).id}/approve`, body: {} }),
  },
  'POST /api/needs/:needId/close': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: `/api/needs/${(await need(needOwner(a), parties.sending.own, 'approved')).id}/close`, body: {} }),
  },
  'POST /api/needs/:needId/cancel': {
    may: { partner: ownOnly(fieldTeam) },
    privateToOwner: true,
    request: async (a) => ({ url: `/api/needs/${(await need(needOwner(a), parties.sending.own, 'draft')).id}/cancel`, body: { reason: 'duplicate' } }),
  },

  // Pledges: sending organisations take them and change their own.
  'GET /api/pledges': { may: bothSides(anywhere(everyone)), request: () => ({ url: '/api/pledges' }) },
  'GET /api/pledges/:pledgeId': {
    may: bothSides(anywhere(everyone)),
    request: async () => ({ url: `/api/pledges/${(await pledge(parties.sending.own)).id}` }),
  },
  'POST /api/organisations/:organisationId/pledges': {
    may: { sending: ownOnly(managers) },
    request: (a) => ({
      url: orgUrl(a, '/pledges'),
      body: { donor: { kind: 'individual', displayName: 'Family of M. Rezaei' }, expectedOn: daysFromToday(7), lines: [{ kind: 'goods', itemId: plainItemId, quantityUnits: 3 }] },
    }),
  },
  'POST /api/pledges/:pledgeId/cancel': {
    may: { sending: ownOnly(managers) },
    request: async (a) => ({ url: `/api/pledges/${(await pledge(a.side === 'sending' ? a.target : parties.sending.own)).id}/cancel`, body: { reason: 'donor withdrew' } }),
  },
  'POST /api/pledges/:pledgeId/cash-receipts': {
    may: { sending: ownOnly(managers) },
    request: async (a) => {
      const p = (await pledge(a.side === 'sending' ? a.target : parties.sending.own)) as unknown as { id: string; lines: { id: string; kind: string }[] };
      const cashLine = p.lines.find((l) => l.kind === 'cash')!;
      return { url: `/api/pledges/${p.id}/cash-receipts`, body: { pledgeLineId: cashLine.id, amountMinor: 10_000, receivedOn: daysFromToday(0) } };
    },
  },

  // Households: private to the partner that registered them.
  'GET /api/organisations/:organisationId/households': { may: { partner: ownOnly(fieldTeam) }, request: (a) => ({ url: orgUrl(a, '/households') }) },
  'POST /api/organisations/:organisationId/households': {
    may: { partner: ownOnly(fieldTeam) },
    request: (a) => ({ url: orgUrl(a, '/households'), body: householdBody() }),
  },
  'POST /api/organisations/:organisationId/households/lookup': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => {
      const body = householdBody();
      await ok(partnerTarget(a).people.field.call('POST', `/api/organisations/${partnerTarget(a).org.id}/households`, body));
      return { url: orgUrl(a, '/households/lookup'), body: { documentNumber: body.documentNumber } };
    },
  },
  'GET /api/organisations/:organisationId/households/:householdId': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: orgUrl(a, `/households/${(await household(partnerTarget(a))).id}`) }),
  },
  'PATCH /api/organisations/:organisationId/households/:householdId': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: orgUrl(a, `/households/${(await household(partnerTarget(a))).id}`), body: { memberCount: 6 } }),
  },

  // Entitlement rules: shared to read, written by the partner's coordinators.
  'GET /api/organisations/:organisationId/entitlement-rules': { may: bothSides(anywhere(everyone)), request: (a) => ({ url: orgUrl(a, '/entitlement-rules') }) },
  'POST /api/organisations/:organisationId/entitlement-rules': {
    may: { partner: ownOnly(managers) },
    request: (a) => ({ url: orgUrl(a, '/entitlement-rules'), body: ruleBody() }),
  },
  'POST /api/organisations/:organisationId/entitlement-rules/:ruleId/retire': {
    may: { partner: ownOnly(managers) },
    request: async (a) => {
      const owner = partnerTarget(a);
      const rule = await ok(owner.people.coordinator.call('POST', `/api/organisations/${owner.org.id}/entitlement-rules`, ruleBody()));
      return { url: orgUrl(a, `/entitlement-rules/${rule.id}/retire`), body: {} };
    },
  },
  'POST /api/organisations/:organisationId/entitlements/check': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({
      url: orgUrl(a, '/entitlements/check'),
      body: { householdId: (await household(partnerTarget(a))).id, on: daysFromToday(0), lines: [{ itemId: plainItemId, quantityUnits: 1 }] },
    }),
  },

  // The stock ledger: each organisation's stock is its own; audits are for anyone with audit:read.
  'POST /api/organisations/:organisationId/stock/intakes': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({
      url: orgUrl(a, '/stock/intakes'),
      body: { id: newId(), locationId: await siteOf(a.target), source: 'donation', donor: { anonymous: true }, lines: [{ itemId: plainItemId, triage: 'urgent', quantityUnits: 5 }] },
    }),
  },
  'POST /api/organisations/:organisationId/stock/moves': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => {
      const stock = await stocked(a.target);
      return { url: orgUrl(a, '/stock/moves'), body: { id: newId(), fromLocationId: stock.siteId, toLocationId: await siteOf(a.target), lines: [{ lotId: stock.lotId, quantityUnits: 5 }] } };
    },
  },
  'POST /api/organisations/:organisationId/stock/handovers': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => {
      const stock = await stocked(a.target);
      return { url: orgUrl(a, '/stock/handovers'), body: { id: newId(), fromLocationId: stock.siteId, toLocationId: await foreignSite(a.target), lines: [{ lotId: stock.lotId, quantityUnits: 5 }] } };
    },
  },
  'POST /api/organisations/:organisationId/stock/kit-assemblies': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({ url: orgUrl(a, '/stock/kit-assemblies'), body: { id: newId(), locationId: (await stocked(a.target)).siteId, kitItemId: kitId, kits: 1 } }),
  },
  'POST /api/organisations/:organisationId/stock/kit-disassemblies': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => {
      const kit = await assembledKit(a.target);
      return { url: orgUrl(a, '/stock/kit-disassemblies'), body: { id: newId(), locationId: kit.siteId, kitLotId: kit.kitLotId, kits: 1 } };
    },
  },
  'POST /api/organisations/:organisationId/stock/reversals': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({ url: orgUrl(a, '/stock/reversals'), body: { id: newId(), transferIds: [(await stocked(a.target)).transferId], reason: 'entered twice' } }),
  },
  'GET /api/organisations/:organisationId/stock': { may: bothSides(ownOnly(everyone)), request: (a) => ({ url: orgUrl(a, '/stock') }) },
  'GET /api/organisations/:organisationId/stock/pick': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: orgUrl(a, `/stock/pick?locationId=${(await stocked(a.target)).siteId}&itemId=${plainItemId}&quantityUnits=10`) }),
  },
  'GET /api/organisations/:organisationId/stock/movements': {
    may: bothSides(ownOnly(everyone)),
    request: (a) => ({ url: orgUrl(a, `/stock/movements?itemId=${plainItemId}&from=2025-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&limit=10`) }),
  },
  'GET /api/organisations/:organisationId/stock/counts': { may: bothSides(ownOnly(everyone)), request: (a) => ({ url: orgUrl(a, '/stock/counts') }) },
  'POST /api/organisations/:organisationId/stock/counts': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({ url: orgUrl(a, '/stock/counts'), body: { id: newId(), locationId: await siteOf(a.target) } }),
  },
  'GET /api/organisations/:organisationId/stock/counts/:countId': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: orgUrl(a, `/stock/counts/${(await openCount(a.target)).countId}`) }),
  },
  'PUT /api/organisations/:organisationId/stock/counts/:countId/lines': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => {
      const count = await openCount(a.target);
      return { url: orgUrl(a, `/stock/counts/${count.countId}/lines`), body: { lines: [{ lotId: count.lotId, countedUnits: 48, reason: 'damaged' }] } };
    },
  },
  'POST /api/organisations/:organisationId/stock/counts/:countId/close': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({ url: orgUrl(a, `/stock/counts/${(await openCount(a.target)).countId}/close`), body: { id: newId() } }),
  },
  'GET /api/organisations/:organisationId/ledger/accounts': { may: bothSides(ownOnly(everyone)), request: (a) => ({ url: orgUrl(a, '/ledger/accounts') }) },
  'GET /api/organisations/:organisationId/ledger/accounts/:accountId/transfers': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: orgUrl(a, `/ledger/accounts/${(await stocked(a.target)).accountId}/transfers`) }),
  },
  'GET /api/lots/:lotId': { may: 'signed-in', request: async () => ({ url: `/api/lots/${(await stocked(parties.sending.own)).lotId}` }) },
  'PUT /api/organisations/:organisationId/lots/:lotId/status': {
    may: bothSides(ownOnly(stockKeepers)),
    request: async (a) => ({ url: orgUrl(a, `/lots/${(await stocked(a.target)).lotId}/status`), body: { status: 'quarantined', reason: 'label unreadable' } }),
  },
  // Distributions: plans and records are the partner's; households served, in aggregate, are everyone's.
  'POST /api/organisations/:organisationId/distribution-plans': {
    may: { partner: ownOnly(managers) },
    request: async (a) => ({
      url: orgUrl(a, '/distribution-plans'),
      body: {
        title: unique('Round '),
        siteId: (await stockedPlan(partnerTarget(a))).siteId,
        plannedOn: daysFromToday(3),
        householdsExpected: 40,
        lines: [{ itemId: plainItemId, quantityUnits: 2, per: 'member' }],
      },
    }),
  },
  'GET /api/organisations/:organisationId/distribution-plans': { may: { partner: ownOnly(distributors) }, request: (a) => ({ url: orgUrl(a, '/distribution-plans') }) },
  'GET /api/organisations/:organisationId/distribution-plans/:planId': {
    may: { partner: ownOnly(distributors) },
    request: async (a) => ({ url: orgUrl(a, `/distribution-plans/${(await stockedPlan(partnerTarget(a))).planId}`) }),
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/close': {
    may: { partner: ownOnly(managers) },
    // A plan of its own for each attempt: a closed plan answers 409 to the next one.
    request: async (a) => ({ url: orgUrl(a, `/distribution-plans/${(await openPlan(partnerTarget(a))).id}/close`), body: { note: 'all served' } }),
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/issues': {
    may: { partner: ownOnly(stockKeepers) },
    request: async (a) => {
      const p = await stockedPlan(partnerTarget(a));
      return { url: orgUrl(a, `/distribution-plans/${p.planId}/issues`), body: { id: newId(), fromLocationId: p.warehouseId, lines: [{ itemId: plainItemId, quantityUnits: 1 }] } };
    },
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/returns': {
    may: { partner: ownOnly(stockKeepers) },
    request: async (a) => {
      const p = await stockedPlan(partnerTarget(a));
      return { url: orgUrl(a, `/distribution-plans/${p.planId}/returns`), body: { id: newId(), toLocationId: p.warehouseId, lines: [{ lotId: p.lotId, quantityUnits: 1 }] } };
    },
  },
  'POST /api/organisations/:organisationId/distributions': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: orgUrl(a, '/distributions'), body: await distributionBody(partnerTarget(a)) }),
  },
  'POST /api/organisations/:organisationId/distributions/sync': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: orgUrl(a, '/distributions/sync'), body: { records: [await distributionBody(partnerTarget(a))] } }),
  },
  'GET /api/organisations/:organisationId/distributions': { may: { partner: ownOnly(fieldTeam) }, request: (a) => ({ url: orgUrl(a, '/distributions') }) },
  'GET /api/organisations/:organisationId/distributions/:distributionId': {
    may: { partner: ownOnly(fieldTeam) },
    request: async (a) => ({ url: orgUrl(a, `/distributions/${(await distribution(partnerTarget(a))).id}`) }),
  },
  'POST /api/organisations/:organisationId/distributions/:distributionId/reversal': {
    may: { partner: ownOnly(managers) },
    request: async (a) => ({ url: orgUrl(a, `/distributions/${(await distribution(partnerTarget(a))).id}/reversal`), body: { id: newId(), reason: 'entered twice' } }),
  },
  'GET /api/distributions/households-served': {
    may: bothSides(anywhere(everyone)),
    request: () => ({ url: '/api/distributions/households-served?from=2025-01&to=2025-12&by=site' }),
  },

  // The dashboard scopes itself to the reader's organisation (monitors: everything shared).
  'GET /api/dashboard': { may: bothSides(anywhere(everyone)), request: () => ({ url: '/api/dashboard' }) },
  // Trace: the organisations that gave, took, held or carried the goods, and monitors anywhere.
  'GET /api/trace/pledges/:pledgeId': {
    may: bothSides({ own: everyone, other: ['monitor'] }),
    request: async (a) => ({ url: `/api/trace/pledges/${(await tracedPledge(a)).id}` }),
  },
  'GET /api/trace/lots/:lotId': {
    may: bothSides({ own: everyone, other: ['monitor'] }),
    request: async (a) => ({ url: `/api/trace/lots/${(await stocked(a.target)).lotId}` }),
  },
  'GET /api/trace/consignments/:consignmentId': {
    may: bothSides({ own: everyone, other: ['monitor'] }),
    request: async (a) => {
      const stock = await stocked(a.target);
      const c = ledgerConsignment(t, a.target.org.id);
      await c.dispatch(stock.siteId, { itemId: plainItemId, lotId: stock.lotId }, 5);
      return { url: `/api/trace/consignments/${c.consignmentId}` };
    },
  },
  // A handling unit is traced as its consignment is: its sender, consignee and the lots' organisations.
  'GET /api/trace/handling-units/:handlingUnitId': {
    may: bothSides({ own: everyone, other: ['monitor'] }),
    request: async (a) => ({ url: `/api/trace/handling-units/${(await shipment(a, 'in_transit')).view.handlingUnits[0]!.id}` }),
  },
  // Planning: transport lanes and allocation plans are a sending organisation's own.
  'GET /api/organisations/:organisationId/transport-lanes': { may: { sending: ownOnly(everyone) }, request: (a) => ({ url: orgUrl(a, '/transport-lanes') }) },
  'POST /api/organisations/:organisationId/transport-lanes': {
    may: { sending: ownOnly(planners) },
    request: async (a) => ({ url: orgUrl(a, '/transport-lanes'), body: await laneBody(a.target) }),
  },
  'PATCH /api/organisations/:organisationId/transport-lanes/:laneId': {
    may: { sending: ownOnly(planners) },
    request: async (a) => ({ url: orgUrl(a, `/transport-lanes/${await laneOf(sendingTarget(a))}`), body: { leadTimeDays: 6 } }),
  },
  'DELETE /api/organisations/:organisationId/transport-lanes/:laneId': {
    may: { sending: ownOnly(planners) },
    request: async (a) => ({ url: orgUrl(a, `/transport-lanes/${await laneOf(sendingTarget(a))}`) }),
  },
  'POST /api/organisations/:organisationId/plans': {
    may: { sending: ownOnly(planners) },
    request: (a) => ({ url: orgUrl(a, '/plans'), body: { timeLimitSeconds: 1 } }),
  },
  'POST /api/organisations/:organisationId/plans/:planId/accept': {
    may: { sending: ownOnly(planners) },
    request: async (a) => {
      const plan = await planAllocationsFor(stockCtx(), sendingTarget(a).org.id, PlanRequest.parse({ timeLimitSeconds: 1 }));
      return { url: orgUrl(a, `/plans/${plan.id}/accept`), body: {} };
    },
  },
  'GET /api/organisations/:organisationId/plans': { may: { sending: ownOnly(everyone) }, request: (a) => ({ url: orgUrl(a, '/plans') }) },
  'GET /api/organisations/:organisationId/plans/:planId': {
    may: { sending: ownOnly(everyone) },
    request: async (a) => ({ url: orgUrl(a, `/plans/${await allocationPlanOf(sendingTarget(a))}`) }),
  },

  // Consignments: the sender builds, packs, dispatches and closes; checkpoints are its coordinators';
  // the consignee receives (and may record collection from a crossing); every party reads and scans.
  'POST /api/organisations/:organisationId/consignments': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => {
      const stock = await stocked(a.target);
      return {
        url: orgUrl(a, '/consignments'),
        body: {
          id: newId(),
          consigneeOrganisationId: parties.partner.own.org.id,
          originLocationId: stock.siteId,
          destinationLocationId: await siteOf(parties.partner.own),
          lines: [{ itemId: plainItemId, quantityUnits: 1 }],
        },
      };
    },
  },
  'GET /api/organisations/:organisationId/consignments': { may: bothSides(ownOnly(everyone)), request: (a) => ({ url: orgUrl(a, '/consignments') }) },
  'GET /api/organisations/:organisationId/consignments/:consignmentId': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: (await shipment(a, 'draft')).url }),
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/lines': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => ({ url: `${(await shipment(a, 'draft')).url}/lines`, body: { id: newId(), lines: [{ itemId: plainItemId, quantityUnits: 1 }] } }),
  },
  'PUT /api/organisations/:organisationId/consignments/:consignmentId/route': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => {
      const s = await shipment(a, 'draft');
      return { url: `${s.url}/route`, body: { id: newId(), legs: [{ fromLocationId: s.siteId, toLocationId: s.destinationId, mode: 'road' }] } };
    },
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/pack': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => ({ url: `${(await shipment(a, 'draft')).url}/pack`, body: { id: newId(), kind: 'parcel' } }),
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/dispatch': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => ({ url: `${(await shipment(a, 'packed')).url}/dispatch`, body: { id: newId() } }),
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/events': {
    may: bothSides(ownOnly(managers)),
    request: async (a) =>
      a.side === 'sending'
        ? { url: `${(await shipment(a, 'in_transit')).url}/events`, body: { id: newId(), kind: 'arrived', locationId: KHAN_YOUNIS } }
        : { url: `${(await shipment(a, 'offloaded')).url}/events`, body: { id: newId(), kind: 'collected' } },
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/inspections': {
    may: { sending: ownOnly(managers) },
    request: async (a) => {
      const s = await shipment(a, a.own ? 'at_checkpoint' : 'draft');
      return { url: `${s.url}/inspections`, body: { id: newId(), locationId: KHAN_YOUNIS, lines: [{ lineId: s.view.lines[0]!.id, outcome: 'cleared' }] } };
    },
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/receipt': {
    may: { partner: ownOnly(stockKeepers) },
    request: async (a) => {
      const s = await shipment(a, a.own && a.side === 'partner' ? 'collected' : 'draft');
      return { url: `${s.url}/receipt`, body: { id: newId(), lines: [{ lineId: s.view.lines[0]!.id, goodUnits: 1, damagedUnits: 1, damagedReason: 'wet', shortUnits: 0 }] } };
    },
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/close': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => ({ url: `${(await shipment(a, a.own ? 'received' : 'draft')).url}/close`, body: { id: newId() } }),
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/cancel': {
    may: { sending: ownOnly(stockKeepers) },
    request: async (a) => ({ url: `${(await shipment(a, 'draft')).url}/cancel`, body: { id: newId(), reason: 'plans changed' } }),
  },
  'GET /api/organisations/:organisationId/consignments/:consignmentId/packing-list': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: `${(await shipment(a, 'packed')).url}/packing-list` }),
  },
  'GET /api/organisations/:organisationId/consignments/:consignmentId/labels': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: `${(await shipment(a, 'packed')).url}/labels` }),
  },
  'GET /api/organisations/:organisationId/consignments/:consignmentId/scans': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: `${(await shipment(a, 'packed')).url}/scans` }),
  },
  'GET /api/organisations/:organisationId/handling-units/:code': {
    may: bothSides(ownOnly(everyone)),
    request: async (a) => ({ url: orgUrl(a, `/handling-units/${(await shipment(a, 'packed')).view.handlingUnits[0]!.code}`) }),
  },
  'POST /api/organisations/:organisationId/handling-units/:code/scans': {
    may: bothSides(ownOnly(scanners)),
    request: async (a) => ({ url: orgUrl(a, `/handling-units/${(await shipment(a, 'packed')).view.handlingUnits[0]!.code}/scans`), body: { id: newId(), latitude: 31.3, longitude: 34.3 } }),
  },

  'GET /api/audit/public-key': { may: 'public', request: () => ({ url: '/api/audit/public-key' }) },
  'GET /api/audit/verification': { may: bothSides(anywhere(auditors)), request: () => ({ url: '/api/audit/verification' }) },
  'GET /api/audit/checkpoints/latest': { may: bothSides(anywhere(auditors)), request: () => ({ url: '/api/audit/checkpoints/latest' }) },
};

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  const sending2 = await addOrganisation(t, 'kashan', 'sending', 'Kashan Aid Group');
  const partner2 = await addOrganisation(t, 'rafah', 'partner', 'Rafah Neighbourhood Committee');
  parties = {
    sending: { own: { org: w.sending, people: w.people.sending }, other: sending2 },
    partner: { own: { org: w.partner, people: w.people.partner }, other: partner2 },
  };
  const ctx = { db: t.store.db, actor: operator };
  plainItemId = (await createItem(ctx, ItemInput.parse(itemBody()))).id;
  kitId = (await createItem(ctx, ItemInput.parse({ ...itemBody(), components: [{ itemId: plainItemId, quantityUnits: 1 }] }))).id;
  secretsDir = mkdtempSync(path.join(os.tmpdir(), 'karvan-secrets-'));
  await ensureAuditKey(t.store, secretsDir);
  await createCheckpoint(t.store.db, secretsDir);
});
afterAll(async () => {
  await t.close();
  rmSync(secretsDir, { recursive: true, force: true });
});

const key = (r: { method: string; url: string }) => `${r.method} ${r.url}`;
const isUndocumented = (url: string) => url.startsWith('/api/docs') || url === '/api/openapi.json';

type Who = Role | 'anonymous' | 'instanceAdmin';

function expected(c: Case, who: Who, side: Side, own: boolean): 'ok' | 401 | 403 | 404 {
  if (c.may === 'public') return 'ok';
  if (who === 'anonymous') return 401;
  if (who === 'instanceAdmin' || c.may === 'signed-in') return 'ok';
  const allowed = c.may[side];
  if (allowed && (own ? allowed.own : allowed.other).includes(who)) return 'ok';
  return c.privateToOwner && !own && allowed?.own.includes(who) ? 404 : 403;
}

describe('authorization matrix', () => {
  it('has an expectation for every route the server declares, and no stale ones', () => {
    const declared = t.app.declaredRoutes.filter((r) => !isUndocumented(r.url)).map(key);
    expect(declared.filter((k) => !(k in cases)), 'routes without an entry in this table').toEqual([]);
    expect(Object.keys(cases).filter((k) => !declared.includes(k)), 'entries for routes that no longer exist').toEqual([]);
  });

  async function check(name: string, c: Case, who: Who, attempt: Attempt) {
    const [method] = name.split(' ') as [Method];
    const { url, body } = await c.request(attempt);
    const res = await attempt.caller.call(method, url, body);
    const want = expected(c, who, attempt.side, attempt.own);
    const label = `${name} as ${who} of the ${attempt.side} side on ${attempt.own ? 'own' : 'another'} organisation → ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (want === 'ok') {
      if (c.success) expect(res.statusCode, label).toBe(c.success);
      else expect(res.statusCode >= 200 && res.statusCode < 300, label).toBe(true);
    } else {
      expect(res.statusCode, label).toBe(want);
    }
  }

  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      // The instance administrator acts where the route's work is done (a partner's needs, a sending group's pledges).
      const adminSide: Side = typeof c.may === 'object' && c.may.partner && !c.may.sending ? 'partner' : 'sending';
      await check(name, c, 'anonymous', { caller: w.anonymous, side: 'sending', own: true, target: parties.sending.own });
      await check(name, c, 'instanceAdmin', { caller: w.admin, side: adminSide, own: true, target: parties[adminSide].own });
      for (const side of ['sending', 'partner'] as const) {
        for (const role of roles) {
          for (const own of [true, false]) {
            await check(name, c, role, { caller: parties[side].own.people[role], side, own, target: own ? parties[side].own : parties[side].other });
          }
        }
      }
    });
  }
});
