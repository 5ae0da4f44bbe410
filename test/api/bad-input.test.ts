import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemInput } from '../../src/domain/catalogue.js';
import { operator } from '../../src/services/context.js';
import { createItem } from '../../src/services/catalogue.js';
import { addMember } from '../../src/services/members.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { openTestApp, seedWorld, TEST_PASSWORD, type Caller, type Method, type TestApp, type World } from '../helpers/app.js';
import { daysFromToday, DEIR_AL_BALAH, KHAN_YOUNIS } from '../helpers/pipeline.js';
import { fingerprint } from '../helpers/fingerprint.js';
import { newId } from '../../src/domain/ids.js';
import { createLocation } from '../../src/services/locations.js';
import { openStockCount } from '../../src/services/ledger/counts.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { assembleKits } from '../../src/services/ledger/kits.js';
import { distributionFixtures } from '../helpers/distributions.js';
import { createLane } from '../../src/services/planning/lanes.js';
import { planAllocationsFor } from '../../src/services/planning/plans.js';
import { PlanRequest } from '../../src/domain/planning/plans.js';
import { createDraftConsignment } from '../../src/services/consignments/create.js';
import { packConsignment } from '../../src/services/consignments/journey.js';

/**
 * Every route that takes a body is fed what a new user might send by mistake — malformed JSON,
 * wrong types, missing and unknown fields, a 10 MB body, digits typed on a Persian keyboard —
 * and must answer 4xx with `{"error": {"code", "message", "field"}}` naming the field, and change
 * nothing in the database. A route that takes a body but has no entry here fails the test.
 */

interface Case {
  caller(w: World): Caller;
  url(w: World): string;
  /** A body the route accepts, the baseline that each mutation breaks in one place. */
  valid(w: World): Record<string, unknown>;
  /** Fields whose absence must be refused. */
  required: string[];
  /** A field that takes a number, to try Persian digits in it; or a string field for Arabic-Indic. */
  numeric?: string;
}

let t: TestApp;
let w: World;
let itemId: string;
let kitId: string;
let memberId: string;
let stock: { siteId: string; otherSiteId: string; partnerSiteId: string; lotId: string; transferId: string; countId: string; kitLotId: string };
const stockCaller = (w: World) => w.people.sending.warehouse;
let fixtures: { draftNeed: string; submittedNeed: string; approvedNeed: string; pledge: string; cashLine: string; household: string; rule: string };
let laneId: string;
let proposedPlanId: string;
let shipment: { draftId: string; packedId: string; lineId: string; code: string };
let distribution: { warehouseId: string; siteId: string; planId: string; lotId: string; recordId: string };
const tokenCaller = (w: World) => w.people.sending.admin;

const item = { code: 'FLOUR-25', names: { en: 'Flour' }, sector: 'food_security', unit: 'sack', weightKgPerUnit: 25, volumeM3PerUnit: 0.04 };

const cases: Record<string, Case> = {
  'POST /api/setup': {
    caller: (w) => w.anonymous,
    url: () => '/api/setup',
    valid: () => ({ setupToken: 'kvsetup_x', email: 'new@karvan.test', displayName: 'New', password: 'a long password' }),
    required: ['setupToken', 'email', 'displayName', 'password'],
  },
  'POST /api/auth/sign-in': {
    caller: (w) => w.anonymous,
    url: () => '/api/auth/sign-in',
    valid: () => ({ email: 'field@partner.test', password: TEST_PASSWORD }),
    required: ['email', 'password'],
  },
  'POST /api/me/password': {
    caller: tokenCaller,
    url: () => '/api/me/password',
    valid: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'another long password' }),
    required: ['currentPassword', 'newPassword'],
  },
  'PATCH /api/me': {
    caller: tokenCaller,
    url: () => '/api/me',
    valid: () => ({ preferredLanguage: 'ar' }),
    required: [],
  },
  'POST /api/me/tokens': {
    caller: tokenCaller,
    url: () => '/api/me/tokens',
    valid: () => ({ name: 'tablet', expiresInDays: 30 }),
    required: ['name'],
    numeric: 'expiresInDays',
  },
  'POST /api/organisations': {
    caller: (w) => w.admin,
    url: () => '/api/organisations',
    valid: () => ({ kind: 'donor', names: { fa: 'خیرین' }, country: 'IR' }),
    required: ['kind', 'names', 'country'],
  },
  'PATCH /api/organisations/:organisationId': {
    caller: tokenCaller,
    url: (w) => `/api/organisations/${w.sending.id}`,
    valid: () => ({ country: 'IR', contacts: [{ name: 'Reza', phone: '+98 31 555 0000' }] }),
    required: [],
  },
  'POST /api/organisations/:organisationId/members': {
    caller: tokenCaller,
    url: (w) => `/api/organisations/${w.sending.id}/members`,
    valid: () => ({ email: 'x@new.test', displayName: 'X', role: 'field' }),
    required: ['email', 'role'],
  },
  'PATCH /api/organisations/:organisationId/members/:userId': {
    caller: tokenCaller,
    url: (w) => `/api/organisations/${w.sending.id}/members/${memberId}`,
    valid: () => ({ role: 'warehouse' }),
    required: ['role'],
  },
  'POST /api/locations': {
    caller: tokenCaller,
    url: () => '/api/locations',
    valid: (w) => ({
      level: 'site',
      siteKind: 'warehouse',
      parentId: referenceLocationId('IR-10'),
      names: { fa: 'انبار شماره ۲' },
      organisationId: w.sending.id,
      latitude: 32.6,
      longitude: 51.6,
    }),
    required: ['level', 'names'],
    numeric: 'latitude',
  },
  'PATCH /api/locations/:locationId': {
    caller: (w) => w.admin,
    url: () => `/api/locations/${referenceLocationId('PS0265')}`,
    valid: () => ({ latitude: 31.41, longitude: 34.35 }),
    required: [],
    numeric: 'latitude',
  },
  'POST /api/items': {
    caller: tokenCaller,
    url: () => '/api/items',
    valid: () => ({ ...item, code: 'RICE-5', weightKgPerUnit: 5 }),
    required: ['code', 'names', 'sector', 'unit', 'weightKgPerUnit', 'volumeM3PerUnit'],
    numeric: 'weightKgPerUnit',
  },
  'PATCH /api/items/:itemId': {
    caller: tokenCaller,
    url: () => `/api/items/${itemId}`,
    valid: () => ({ shelfLifeDays: 200 }),
    required: [],
    numeric: 'shelfLifeDays',
  },
  'PUT /api/items/:itemId/components': {
    caller: tokenCaller,
    url: () => `/api/items/${kitId}/components`,
    valid: () => ({ components: [{ itemId, quantityUnits: 3 }] }),
    required: ['components'],
  },
  'POST /api/organisations/:organisationId/needs': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/needs`,
    valid: (w) => needBody(w),
    required: ['title', 'addressedTo', 'locationId', 'priority', 'neededBy', 'lines'],
    numeric: 'peopleToReach',
  },
  'PUT /api/needs/:needId': {
    caller: (w) => w.people.partner.field,
    url: () => `/api/needs/${fixtures.draftNeed}`,
    valid: (w) => needBody(w),
    required: ['title', 'lines'],
    numeric: 'peopleToReach',
  },
  'POST /api/needs/:needId/submit': {
    caller: (w) => w.people.partner.field,
    url: () => `/api/needs/${fixtures.draftNeed}/submit`,
    valid: () => ({ note: 'agreed with the shelter committees' }),
    required: [],
  },
  'POST /api/needs/:needId/approve': {
    caller: (w) => w.people.sending.coordinator,
    url: () => `/api/needs/${fixtures.submittedNeed}/approve`,
    valid: () => ({ note: 'approved for the March convoy' }),
    required: [],
  },
  'POST /api/needs/:needId/close': {
    caller: (w) => w.people.partner.coordinator,
    url: () => `/api/needs/${fixtures.approvedNeed}/close`,
    valid: () => ({ note: 'all distributed' }),
    required: [],
  },
  'POST /api/needs/:needId/cancel': {
    caller: (w) => w.people.partner.coordinator,
    url: () => `/api/needs/${fixtures.draftNeed}/cancel`,
    valid: () => ({ reason: 'raised twice by mistake' }),
    required: ['reason'],
  },
  'POST /api/organisations/:organisationId/pledges': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/pledges`,
    valid: () => ({ donor: { kind: 'anonymous' }, expectedOn: daysFromToday(5), lines: [{ kind: 'goods', itemId, quantityUnits: 10 }] }),
    required: ['donor', 'expectedOn', 'lines'],
  },
  'POST /api/pledges/:pledgeId/cancel': {
    caller: (w) => w.people.sending.coordinator,
    url: () => `/api/pledges/${fixtures.pledge}/cancel`,
    valid: () => ({ reason: 'donor withdrew' }),
    required: ['reason'],
  },
  'POST /api/pledges/:pledgeId/cash-receipts': {
    caller: (w) => w.people.sending.coordinator,
    url: () => `/api/pledges/${fixtures.pledge}/cash-receipts`,
    valid: () => ({ pledgeLineId: fixtures.cashLine, amountMinor: 5_000, receivedOn: daysFromToday(0) }),
    required: ['pledgeLineId', 'amountMinor', 'receivedOn'],
    numeric: 'amountMinor',
  },
  'POST /api/organisations/:organisationId/households': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/households`,
    valid: () => ({ documentNumber: '۴۰۱۲۳۴۵۶۷', locationId: KHAN_YOUNIS, memberCount: 6, childrenUnder5Count: 1, schoolAgeChildrenCount: 2, vulnerabilities: ['displaced'] }),
    required: ['documentNumber', 'locationId', 'memberCount'],
    numeric: 'memberCount',
  },
  'POST /api/organisations/:organisationId/households/lookup': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/households/lookup`,
    valid: () => ({ documentNumber: '800100200' }),
    required: ['documentNumber'],
  },
  'PATCH /api/organisations/:organisationId/households/:householdId': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/households/${fixtures.household}`,
    valid: () => ({ memberCount: 8, vulnerabilities: ['chronic_illness'] }),
    required: [],
    numeric: 'memberCount',
  },
  'POST /api/organisations/:organisationId/entitlement-rules': {
    caller: (w) => w.people.partner.coordinator,
    url: (w) => `/api/organisations/${w.partner.id}/entitlement-rules`,
    valid: () => ({ itemId, quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 } }),
    required: ['itemId', 'quantityUnits', 'per', 'window'],
    numeric: 'quantityUnits',
  },
  'POST /api/organisations/:organisationId/entitlement-rules/:ruleId/retire': {
    caller: (w) => w.people.partner.coordinator,
    url: (w) => `/api/organisations/${w.partner.id}/entitlement-rules/${fixtures.rule}/retire`,
    valid: () => ({}),
    required: [],
  },
  'POST /api/organisations/:organisationId/entitlements/check': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/entitlements/check`,
    valid: () => ({ householdId: fixtures.household, on: daysFromToday(0), lines: [{ itemId, quantityUnits: 1 }] }),
    required: ['householdId', 'on', 'lines'],
  },

  // Distributions (fixtures in beforeAll: a partner warehouse and distribution point, a plan with stock issued, a record).
  'POST /api/organisations/:organisationId/distribution-plans': {
    caller: (w) => w.people.partner.coordinator,
    url: (w) => `/api/organisations/${w.partner.id}/distribution-plans`,
    valid: () => ({
      title: 'جولة توزيع آذار',
      siteId: distribution.siteId,
      plannedOn: daysFromToday(5),
      householdsExpected: 80,
      lines: [{ itemId, quantityUnits: 1, per: 'member' }],
    }),
    required: ['title', 'siteId', 'plannedOn', 'householdsExpected', 'lines'],
    numeric: 'householdsExpected',
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/close': {
    caller: (w) => w.people.partner.coordinator,
    url: (w) => `/api/organisations/${w.partner.id}/distribution-plans/${distribution.planId}/close`,
    valid: () => ({ note: 'انتهى التوزيع' }),
    required: [],
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/issues': {
    caller: (w) => w.people.partner.warehouse,
    url: (w) => `/api/organisations/${w.partner.id}/distribution-plans/${distribution.planId}/issues`,
    valid: () => ({ id: newId(), fromLocationId: distribution.warehouseId, lines: [{ itemId, quantityUnits: 3 }] }),
    required: ['id', 'fromLocationId', 'lines'],
  },
  'POST /api/organisations/:organisationId/distribution-plans/:planId/returns': {
    caller: (w) => w.people.partner.warehouse,
    url: (w) => `/api/organisations/${w.partner.id}/distribution-plans/${distribution.planId}/returns`,
    valid: () => ({ id: newId(), toLocationId: distribution.warehouseId, lines: [{ lotId: distribution.lotId, quantityUnits: 2 }] }),
    required: ['id', 'toLocationId'],
  },
  'POST /api/organisations/:organisationId/distributions': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/distributions`,
    valid: () => distributionRecord(),
    required: ['id', 'planId', 'distributedAt', 'proof'],
  },
  'POST /api/organisations/:organisationId/distributions/sync': {
    caller: (w) => w.people.partner.field,
    url: (w) => `/api/organisations/${w.partner.id}/distributions/sync`,
    valid: () => ({ records: [distributionRecord()] }),
    required: ['records'],
  },
  'POST /api/organisations/:organisationId/distributions/:distributionId/reversal': {
    caller: (w) => w.people.partner.coordinator,
    url: (w) => `/api/organisations/${w.partner.id}/distributions/${distribution.recordId}/reversal`,
    valid: () => ({ id: newId(), reason: 'سُجّل مرتين' }),
    required: ['id', 'reason'],
  },

  // The stock ledger (fixtures in beforeAll: a site with a lot on it, an open count, a kit lot).
  'POST /api/organisations/:organisationId/stock/intakes': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/intakes`,
    valid: () => ({
      id: 'a3c5e7f9-0b1d-4f3a-8c5e-7a9b1c3d5e7f',
      locationId: stock.siteId,
      source: 'donation',
      donor: { anonymous: true },
      lines: [{ itemId, lotCode: 'NEW-LOT', expiryDate: '2031-01-31', triage: 'urgent', quantityUnits: 10 }],
    }),
    required: ['id', 'locationId', 'source', 'lines'],
  },
  'POST /api/organisations/:organisationId/stock/moves': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/moves`,
    valid: () => ({ id: newId(), fromLocationId: stock.siteId, toLocationId: stock.otherSiteId, lines: [{ lotId: stock.lotId, quantityUnits: 2 }] }),
    required: ['id', 'fromLocationId', 'toLocationId', 'lines'],
  },
  'POST /api/organisations/:organisationId/stock/handovers': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/handovers`,
    valid: () => ({ id: newId(), fromLocationId: stock.siteId, toLocationId: stock.partnerSiteId, reason: 'convoy 12', lines: [{ lotId: stock.lotId, quantityUnits: 2 }] }),
    required: ['id', 'fromLocationId', 'toLocationId', 'lines'],
  },
  'POST /api/organisations/:organisationId/stock/kit-assemblies': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/kit-assemblies`,
    valid: () => ({ id: newId(), locationId: stock.siteId, kitItemId: kitId, kits: 2, lotCode: 'KIT-NEW' }),
    required: ['id', 'locationId', 'kitItemId', 'kits'],
    numeric: 'kits',
  },
  'POST /api/organisations/:organisationId/stock/kit-disassemblies': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/kit-disassemblies`,
    valid: () => ({ id: newId(), locationId: stock.siteId, kitLotId: stock.kitLotId, kits: 1 }),
    required: ['id', 'locationId', 'kitLotId', 'kits'],
    numeric: 'kits',
  },
  'POST /api/organisations/:organisationId/stock/reversals': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/reversals`,
    valid: () => ({ id: newId(), transferIds: [stock.transferId], reason: 'entered twice' }),
    required: ['id', 'transferIds', 'reason'],
  },
  'POST /api/organisations/:organisationId/stock/counts': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/counts`,
    valid: () => ({ id: newId(), locationId: stock.siteId, note: 'شمارش فصلی' }),
    required: ['id', 'locationId'],
  },
  'PUT /api/organisations/:organisationId/stock/counts/:countId/lines': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/counts/${stock.countId}/lines`,
    valid: () => ({ lines: [{ lotId: stock.lotId, countedUnits: 40, reason: 'lost' }] }),
    required: ['lines'],
  },
  'POST /api/organisations/:organisationId/stock/counts/:countId/close': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/stock/counts/${stock.countId}/close`,
    valid: () => ({ id: newId(), occurredAt: '2025-03-01T09:30:00Z' }),
    required: ['id'],
  },
  'PUT /api/organisations/:organisationId/lots/:lotId/status': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/lots/${stock.lotId}/status`,
    valid: () => ({ status: 'quarantined', reason: 'الملصق غير مقروء' }),
    required: ['status', 'reason'],
  },

  // Consignments (fixtures in beforeAll: a draft and a packed consignment from the stock site to the partner).
  'POST /api/organisations/:organisationId/consignments': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments`,
    valid: (w) => ({
      id: newId(),
      consigneeOrganisationId: w.partner.id,
      originLocationId: stock.siteId,
      destinationLocationId: stock.partnerSiteId,
      expectedArrivalOn: daysFromToday(10),
      route: [{ fromLocationId: stock.siteId, toLocationId: stock.partnerSiteId, mode: 'road' }],
      lines: [{ itemId, quantityUnits: 2 }],
    }),
    required: ['id', 'consigneeOrganisationId', 'originLocationId', 'destinationLocationId', 'lines'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/lines': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.draftId}/lines`,
    valid: () => ({ id: newId(), lines: [{ itemId, quantityUnits: 1, fragile: true }] }),
    required: ['id', 'lines'],
  },
  'PUT /api/organisations/:organisationId/consignments/:consignmentId/route': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.draftId}/route`,
    valid: () => ({ id: newId(), legs: [{ fromLocationId: stock.siteId, toLocationId: stock.partnerSiteId, mode: 'air' }] }),
    required: ['id', 'legs'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/pack': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.draftId}/pack`,
    valid: () => ({ id: newId(), kind: 'box' }),
    required: ['id', 'kind'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/dispatch': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.packedId}/dispatch`,
    valid: () => ({ id: newId(), note: 'truck 4, driver called ahead' }),
    required: ['id'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/events': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.packedId}/events`,
    valid: () => ({ id: newId(), kind: 'arrived', locationId: stock.otherSiteId, occurredAt: '2025-03-01T09:30:00Z' }),
    required: ['id', 'kind'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/inspections': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.packedId}/inspections`,
    valid: () => ({ id: newId(), locationId: stock.otherSiteId, lines: [{ lineId: shipment.lineId, outcome: 'rejected', rejectedUnits: 1, reason: 'تالف' }] }),
    required: ['id', 'locationId', 'lines'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/receipt': {
    caller: (w) => w.people.partner.warehouse,
    url: (w) => `/api/organisations/${w.partner.id}/consignments/${shipment.packedId}/receipt`,
    valid: () => ({ id: newId(), lines: [{ lineId: shipment.lineId, goodUnits: 1, damagedUnits: 0, shortUnits: 1, shortReason: 'pilfered' }] }),
    required: ['id', 'lines'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/close': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.packedId}/close`,
    valid: () => ({ id: newId(), note: 'all accounted for' }),
    required: ['id'],
  },
  'POST /api/organisations/:organisationId/consignments/:consignmentId/cancel': {
    caller: stockCaller,
    url: (w) => `/api/organisations/${w.sending.id}/consignments/${shipment.draftId}/cancel`,
    valid: () => ({ id: newId(), reason: 'پرواز لغو شد' }),
    required: ['id', 'reason'],
  },
  'POST /api/organisations/:organisationId/handling-units/:code/scans': {
    caller: (w) => w.people.sending.field,
    url: (w) => `/api/organisations/${w.sending.id}/handling-units/${shipment.code}/scans`,
    valid: () => ({ id: newId(), latitude: 31.25, longitude: 34.25, scannedAt: '2025-03-01T09:30:00Z' }),
    required: ['id'],
    numeric: 'latitude',
  },
};

// Planning: transport lanes and allocation plans.
Object.assign(cases, {
  'POST /api/organisations/:organisationId/transport-lanes': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/transport-lanes`,
    valid: () => ({ fromLocationId: stock.siteId, toLocationId: KHAN_YOUNIS, leadTimeDays: 4, periodDays: 7, capacityKgPerPeriod: 12_000, capacityM3PerPeriod: 40 }),
    required: ['fromLocationId', 'toLocationId', 'leadTimeDays', 'periodDays', 'capacityKgPerPeriod', 'capacityM3PerPeriod'],
    numeric: 'leadTimeDays',
  },
  'PATCH /api/organisations/:organisationId/transport-lanes/:laneId': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/transport-lanes/${laneId}`,
    valid: () => ({ leadTimeDays: 3, capacityKgPerPeriod: 9_000 }),
    required: [],
    numeric: 'capacityKgPerPeriod',
  },
  'POST /api/organisations/:organisationId/plans': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/plans`,
    valid: () => ({ timeLimitSeconds: 1, minShelfLifeDays: 90, minShelfLifeDaysBySector: { health: 180 } }),
    required: [],
    numeric: 'minShelfLifeDays',
  },
  'POST /api/organisations/:organisationId/plans/:planId/accept': {
    caller: (w) => w.people.sending.coordinator,
    url: (w) => `/api/organisations/${w.sending.id}/plans/${proposedPlanId}/accept`,
    valid: () => ({}),
    required: [],
  },
} satisfies Record<string, Case>);

const distributionRecord = () => ({
  id: newId(),
  planId: distribution.planId,
  householdId: fixtures.household,
  distributedAt: '2025-03-01T10:30:00+02:00',
  proof: { kind: 'thumbprint', sha256: 'c'.repeat(64), ref: 'tablet-3/0007.png' },
});

const needBody = (w: World) => ({
  title: 'Hygiene for shelters',
  addressedTo: [w.sending.id],
  locationId: DEIR_AL_BALAH,
  priority: 'high',
  neededBy: daysFromToday(40),
  peopleToReach: 900,
  sector: 'wash',
  justification: 'Shelters in schools have no soap.',
  lines: [{ itemId, quantityUnits: 300 }],
});

async function fixture(res: Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json() as { id: string; lines: { id: string; kind: string }[] };
}

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  const ctx = { db: t.store.db, actor: operator };
  itemId = (await createItem(ctx, ItemInput.parse(item))).id;
  kitId = (await createItem(ctx, ItemInput.parse({ ...item, code: 'KIT-1', components: [{ itemId, quantityUnits: 1 }] }))).id;
  memberId = (await addMember(ctx, w.sending.id, { email: 'm@member.test', role: 'field', displayName: 'M' })).member.userId;
  const partner = w.people.partner;
  const newNeed = async () => (await fixture(partner.field.call('POST', `/api/organisations/${w.partner.id}/needs`, needBody(w)))).id;
  const [draftNeed, submittedNeed, approvedNeed] = [await newNeed(), await newNeed(), await newNeed()];
  for (const id of [submittedNeed, approvedNeed]) await fixture(partner.field.call('POST', `/api/needs/${id}/submit`, {}));
  await fixture(w.people.sending.coordinator.call('POST', `/api/needs/${approvedNeed}/approve`, {}));
  const pledge = await fixture(
    w.people.sending.coordinator.call('POST', `/api/organisations/${w.sending.id}/pledges`, {
      donor: { kind: 'anonymous' },
      expectedOn: daysFromToday(5),
      lines: [{ kind: 'cash', currency: 'EUR', amountMinor: 100_000 }],
    }),
  );
  const household = await fixture(
    partner.field.call('POST', `/api/organisations/${w.partner.id}/households`, { documentNumber: '800100200', locationId: KHAN_YOUNIS, memberCount: 4 }),
  );
  const rule = await fixture(
    partner.coordinator.call('POST', `/api/organisations/${w.partner.id}/entitlement-rules`, { itemId, quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 } }),
  );
  fixtures = { draftNeed, submittedNeed, approvedNeed, pledge: pledge.id, cashLine: pledge.lines[0]!.id, household: household.id, rule: rule.id };
  const site = async (organisationId: string, parent: string) =>
    (await createLocation(ctx, { level: 'site', siteKind: 'warehouse', parentId: referenceLocationId(parent), names: { en: 'Store' }, organisationId })).id;
  const [siteId, otherSiteId, partnerSiteId] = [await site(w.sending.id, 'IR-10'), await site(w.sending.id, 'IR-10'), await site(w.partner.id, 'PS0265')];
  const intake = await receiveIntake(ctx, w.sending.id, {
    id: newId(),
    locationId: siteId,
    source: 'purchase',
    lines: [{ itemId, lotCode: 'SOAP-1', expiryDate: null, triage: 'urgent', quantityUnits: 50 }],
  });
  const kit = await assembleKits(ctx, w.sending.id, { id: newId(), locationId: siteId, kitItemId: kitId, kits: 3 });
  const countId = newId();
  await openStockCount(ctx, w.sending.id, { id: countId, locationId: siteId });
  stock = {
    siteId,
    otherSiteId,
    partnerSiteId,
    lotId: intake.lots[0]!.id,
    transferId: intake.transfers[0]!.id,
    countId,
    kitLotId: kit.transfers[kit.transfers.length - 1]!.lotId,
  };
  laneId = (
    await createLane(ctx, w.sending.id, { fromLocationId: siteId, toLocationId: DEIR_AL_BALAH, leadTimeDays: 5, periodDays: 7, capacityKgPerPeriod: 1_000, capacityM3PerPeriod: 10 })
  ).id;
  proposedPlanId = (await planAllocationsFor(ctx, w.sending.id, PlanRequest.parse({ timeLimitSeconds: 1 }))).id;
  const d = distributionFixtures(t);
  const [warehouseId, pointId] = [await d.warehouse(w.partner.id), await d.site(w.partner.id)];
  await d.stock(w.partner.id, warehouseId, itemId, 100);
  const plan = await d.plan(w.partner.id, { siteId: pointId, plannedOn: '2025-03-01', lines: [{ itemId, quantityUnits: 1, per: 'household' }] });
  const issued = await d.issue(w.partner.id, plan.id, warehouseId, [{ itemId, quantityUnits: 20 }]);
  distribution = { warehouseId, siteId: pointId, planId: plan.id, lotId: issued.transfers[0]!.lotId, recordId: '' };
  const other = await fixture(partner.field.call('POST', `/api/organisations/${w.partner.id}/households`, { documentNumber: '800100300', locationId: KHAN_YOUNIS, memberCount: 2 }));
  distribution.recordId = (await fixture(partner.field.call('POST', `/api/organisations/${w.partner.id}/distributions`, { ...distributionRecord(), householdId: other.id }))).id;
  const draft = (id = newId()) =>
    createDraftConsignment(ctx, w.sending.id, { id, consigneeOrganisationId: w.partner.id, originLocationId: siteId, destinationLocationId: partnerSiteId, lines: [{ itemId, quantityUnits: 2 }] });
  const draftView = await draft();
  const packed = await packConsignment(ctx, w.sending.id, (await draft()).id, { id: newId(), kind: 'box' });
  shipment = { draftId: draftView.id, packedId: packed.id, lineId: packed.lines[0]!.id, code: packed.handlingUnits[0]!.code };
  // A token's first use records when it was used; do that now so it does not look like a change.
  for (const c of [w.admin, tokenCaller(w), partner.field, partner.coordinator, partner.warehouse, w.people.sending.coordinator, w.people.sending.field, stockCaller(w)]) await c.call('GET', '/api/me');
});
afterAll(() => t.close());

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'twelve';
  if (typeof value === 'boolean') return 'yes';
  if (Array.isArray(value)) return { not: 'a list' };
  return 'not an object';
}

async function raw(caller: Caller, method: Method, url: string, payload: string | Buffer, contentType = 'application/json') {
  return t.app.inject({
    method,
    url,
    payload,
    headers: { 'content-type': contentType, ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}) },
  });
}

function expectError(res: { statusCode: number; json(): unknown; body: string }, status: number | 'any4xx', field?: string) {
  const label = `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (status === 'any4xx') expect(res.statusCode >= 400 && res.statusCode < 500, label).toBe(true);
  else expect(res.statusCode, label).toBe(status);
  const body = res.json() as { error: { code: string; message: string; field?: string } };
  expect(typeof body.error.code, label).toBe('string');
  expect(body.error.message.length, label).toBeGreaterThan(0);
  expect(body.error.message, 'no stack traces').not.toMatch(/\n\s+at /);
  if (field) expect(body.error.field, label).toBe(field);
}

describe('bad input changes nothing and names the field', () => {
  it('covers every route that takes a body', () => {
    const withBody = t.app.declaredRoutes.filter((r) => ['POST', 'PATCH', 'PUT'].includes(r.method)).map((r) => `${r.method} ${r.url}`);
    const exempt = ['POST /api/auth/sign-out'];
    expect(withBody.filter((k) => !(k in cases) && !exempt.includes(k))).toEqual([]);
  });

  for (const [name, c] of Object.entries(cases)) {
    const method = name.split(' ')[0] as Method;
    it(name, async () => {
      const before = await fingerprint(t.store);
      const caller = c.caller(w);
      const url = c.url(w);
      const valid = c.valid(w);

      expectError(await raw(caller, method, url, '{"names": {"en": "Gaza'), 400, 'body');
      expectError(await raw(caller, method, url, '[1, 2, 3]'), 400);
      expectError(await raw(caller, method, url, 'name=x', 'application/x-www-form-urlencoded'), 415);
      expectError(await raw(caller, method, url, JSON.stringify({ ...valid, padding: 'x'.repeat(10 * 1024 * 1024) })), 413);
      expectError(await caller.call(method, url, { ...valid, colour: 'red' }), 400, 'body.colour');
      for (const field of c.required) {
        const { [field]: _dropped, ...rest } = valid;
        expectError(await caller.call(method, url, rest), 400, `body.${field}`);
      }
      for (const [field, value] of Object.entries(valid)) {
        expectError(await caller.call(method, url, { ...valid, [field]: wrongTypeFor(value) }), 'any4xx');
      }
      if (c.numeric) {
        // Digits typed on a Persian keyboard are text, not a number; the answer says which field.
        expectError(await caller.call(method, url, { ...valid, [c.numeric]: '۱۲' }), 400, `body.${c.numeric}`);
      }
      expect(await fingerprint(t.store)).toEqual(before);
    });
  }

  it('an unknown id in the path is 404 (or 400 when it is not an id at all)', async () => {
    const admin = w.admin;
    expectError(await admin.call('GET', '/api/items/7c0f6a3e-3f7e-4e58-9a53-1f2a3b4c5d6e'), 404, 'itemId');
    expectError(await admin.call('GET', '/api/items/flour'), 400, 'params.itemId');
    expectError(await admin.call('GET', '/api/nothing-here'), 404);
  });

  it('Persian and Arabic text is stored and returned exactly', async () => {
    const names = { fa: 'انجمن خیریه‌ی زینبیه اصفهان', ar: 'جمعية الإغاثة – خان يونس' };
    const res = await w.admin.call('POST', '/api/organisations', { kind: 'partner', names, country: 'PS' });
    expect(res.statusCode).toBe(201);
    const again = await w.admin.call('GET', `/api/organisations/${res.json().id}`);
    expect(again.json().names).toEqual(names);
  });

  it('a rule broken by well-formed input is a 422 naming the field, and changes nothing', async () => {
    const before = await fingerprint(t.store);
    const res = await w.admin.call('POST', '/api/locations', {
      level: 'admin2',
      parentId: referenceLocationId('PS'),
      names: { en: 'Not directly under a country' },
    });
    expectError(res, 422, 'parentId');
    const selfKit = await w.admin.call('PUT', `/api/items/${kitId}/components`, { components: [{ itemId: kitId, quantityUnits: 1 }] });
    expectError(selfKit, 422, 'components.0.itemId');
    expect(await fingerprint(t.store)).toEqual(before);
  });
});
