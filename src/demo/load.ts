import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { Actor, Role } from '../domain/access.js';
import { ItemInput } from '../domain/catalogue.js';
import { dateOfEpochDay, epochDay } from '../domain/dates.js';
import { stableId } from '../domain/ids.js';
import type { DistributionInput } from '../domain/distributions/record.js';
import type { HouseholdInput, VulnerabilityFlag } from '../domain/households/household.js';
import { fefoPick } from '../domain/ledger/fefo.js';
import type { Priority } from '../domain/needs/need.js';
import type { Database } from '../db/client.js';
import { referenceLocationId } from '../db/reference-locations.js';
import { verifyLedger } from '../services/audit/verify.js';
import { createItem } from '../services/catalogue.js';
import { operator, type Ctx } from '../services/context.js';
import { importDistributions } from '../services/distributions/import.js';
import { issueToSite } from '../services/distributions/plan-stock.js';
import { createPlan } from '../services/distributions/plans.js';
import { createEntitlementRule } from '../services/entitlements/rules.js';
import { registerHouseholds } from '../services/households/households.js';
import { receiveIntake } from '../services/ledger/intake.js';
import { assembleKits } from '../services/ledger/kits.js';
import { handOverStock } from '../services/ledger/moves.js';
import { loadSite } from '../services/ledger/sites.js';
import { rowsOf } from '../services/ledger/sql.js';
import { holdingsOfItem } from '../services/ledger/stock.js';
import { createLocation } from '../services/locations.js';
import { addMember } from '../services/members.js';
import { createNeed } from '../services/needs/needs.js';
import { transitionNeed } from '../services/needs/transitions.js';
import { createOrganisation } from '../services/organisations.js';
import { cancelPledge, createPledge } from '../services/pledges/pledges.js';
import { hashPassword } from '../domain/passwords.js';
import { createInstanceAdmin, insertUser } from '../services/users.js';
import { demoItems, demoKits, kitTotals } from './catalogue.js';
import { DEMO_PASSWORD, demoEmail, demoOrganisations, demoSites } from './organisations.js';
import { demoPersonName } from './people.js';
import { loadConsignments } from './consignments.js';
import { Random } from './random.js';

/**
 * The demo scenario, loaded through the services (the same checks as the API), so that what it
 * leaves behind is data Karvan could have recorded itself: three civic groups in Isfahan take
 * needs from two partners in the Gaza Strip, take pledges from donors, receive and triage
 * donations, buy and assemble family food parcels and school kits, hand stock over to the
 * partners, who register households and hand parcels out in rounds a month or more apart.
 *
 * Everything random comes from one seeded generator, so a seed gives the same figures on every
 * machine. Dates are counted back from the day of the load (the services refuse needs due in the
 * past and records in the future), so the figures are the same on any day, the dates are not.
 */
export interface DemoOptions {
  seed: number;
  /** 1 = the full scenario (5,000 households, 10,000 distributions); less for quick tests. */
  scale: number;
  /** The instance's pseudonym key: households registered with it can be found later. */
  pseudonymSecret: Uint8Array;
  progress?: (message: string) => void;
  now?: Date;
  /** For tests: given the identity document numbers the scenario made up (and, it is checked, never stored). */
  onDocumentNumbers?: (documentNumbers: readonly string[]) => void;
}

export interface DemoSummary {
  seed: number;
  scale: number;
  organisations: number;
  users: number;
  sites: number;
  items: number;
  kits: number;
  needs: Record<string, number>;
  pledges: Record<string, number>;
  intakes: number;
  kitAssemblies: number;
  handovers: number;
  households: number;
  householdsRegisteredByBothPartners: number;
  distributionPlans: number;
  /** By status, counted in the database (partly rejected ones are in transit again, losses are in received and closed). */
  consignments: Record<string, number>;
  distributions: number;
  exceptions: number;
  unitsDistributed: Record<string, number>;
  transfers: number;
  chains: number;
  verified: boolean;
}

export interface DemoAccount {
  email: string;
  organisation: string;
  role: Role | 'instance administrator';
}

export class DemoRefused extends Error {}

const FULL_HOUSEHOLDS = 5_000;
const FULL_DISTRIBUTIONS = 10_000;
const FULL_NEEDS = 200;
const FULL_PLEDGES = 50;
// Rounds of distribution, in days before the load: more than 30 days apart (the parcel rule).
const ROUND_DAYS = [-130, -95, -60, -25];
// The round at the start of the school year also hands out school kits.
const SCHOOL_ROUND = 1;
const EXCEPTIONS_PER_ROUND_SITE = 3;
const GAZA_OFFSET = '+02:00';
const RECORDS_PER_IMPORT = 1_000;

/** Refuses unless the database holds nothing but what migrations put there. */
export async function assertEmpty(db: Database): Promise<void> {
  const [row] = await rowsOf<{ organisations: number; users: number; items: number; transfers: number }>(
    db,
    sql`select (select count(*) from organisations)::int as organisations,
               (select count(*) from users where id <> '00000000-0000-0000-0000-000000000000')::int as users,
               (select count(*) from items)::int as items,
               (select count(*) from transfers)::int as transfers`,
  );
  const found = Object.entries(row!).filter(([, n]) => Number(n) > 0);
  if (found.length > 0) {
    throw new DemoRefused(
      `the database is not empty (${found.map(([what, n]) => `${n} ${what}`).join(', ')}); the demo loads only into an empty one. ` +
        'Point KARVAN_DATA_DIR at a new folder (or DATABASE_URL at a new database) and run it again.',
    );
  }
}

export async function loadDemo(db: Database, options: DemoOptions): Promise<{ summary: DemoSummary; accounts: DemoAccount[] }> {
  const { seed, scale } = options;
  const now = options.now ?? new Date();
  const today = now.toISOString().slice(0, 10);
  const day = (offset: number) => dateOfEpochDay(epochDay(today) + offset);
  const at = (offset: number, hour = 9, minute = 0) => new Date(`${day(offset)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const random = new Random(seed);
  const id = (name: string) => stableId(`karvan:demo:${seed}`, name);
  const started = performance.now();
  const say = (message: string) => options.progress?.(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
  const admin: Ctx = { db, actor: operator };

  await assertEmpty(db);

  // People and organisations.
  const accounts: DemoAccount[] = [];
  // One password for every demo person, hashed once: scrypt per person would cost seconds.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await createInstanceAdmin(db, { email: 'admin@demo.karvan.org', displayName: 'Demo instance administrator', password: DEMO_PASSWORD, passwordHash });
  accounts.push({ email: 'admin@demo.karvan.org', organisation: '(the whole instance)', role: 'instance administrator' });
  const orgId = new Map<string, string>();
  const actors = new Map<string, Actor>();
  let person = 0;
  for (const o of demoOrganisations) {
    const org = await createOrganisation(admin, {
      kind: o.kind,
      names: o.names,
      country: o.country,
      contacts: [{ name: demoPersonName(o.country, person, 'admin').replace(/ \(.*\)$/, ''), email: `office@${o.key}.demo.karvan.org` }],
    });
    orgId.set(o.key, org.id);
    for (const role of o.roles) {
      const email = demoEmail(role, o.key);
      await insertUser(db, { email, displayName: demoPersonName(o.country, person++, role), password: DEMO_PASSWORD, passwordHash });
      const { member } = await addMember(admin, org.id, { email, role });
      actors.set(`${o.key}/${role}`, { userId: member.userId, isInstanceAdmin: false, memberships: [{ organisationId: org.id, organisationKind: o.kind, role }], via: 'cli' });
      accounts.push({ email, organisation: o.names.en ?? o.key, role });
    }
  }
  const ctxOf = (key: string, role: Role): Ctx => ({ db, actor: actors.get(`${key}/${role}`)! });
  const org = (key: string) => orgId.get(key)!;
  say(`${demoOrganisations.length} organisations, ${accounts.length} people`);

  // Places.
  const siteId = new Map<string, string>();
  for (const s of demoSites) {
    const site = await createLocation(admin, {
      level: 'site',
      siteKind: s.kind,
      parentId: referenceLocationId(s.area),
      names: s.names,
      organisationId: org(s.operator),
      latitude: s.latitude,
      longitude: s.longitude,
    });
    siteId.set(s.key, site.id);
  }
  const site = (key: string) => siteId.get(key)!;

  // Catalogue.
  const itemId = new Map<string, string>();
  for (const item of demoItems) itemId.set(item.code, (await createItem(admin, ItemInput.parse(item))).id);
  for (const kit of demoKits) {
    const totals = kitTotals(kit);
    const created = await createItem(admin, ItemInput.parse({
      code: kit.code,
      names: kit.names,
      sector: kit.sector,
      unit: kit.unit,
      weightKgPerUnit: totals.weightKg,
      volumeM3PerUnit: totals.volumeM3,
      shelfLifeDays: null,
      ...(totals.kcal > 0 ? { kcalPerUnit: totals.kcal } : {}),
      components: kit.components.map(([code, quantityUnits]) => ({ itemId: itemId.get(code)!, quantityUnits })),
    }));
    itemId.set(kit.code, created.id);
  }
  const item = (code: string) => itemId.get(code)!;
  const PARCEL = 'KIT-FOOD-FAMILY';
  const SOAP = 'WASH-SOAP-250';
  const SCHOOL_KIT = 'KIT-SCHOOL';
  say(`${demoSites.length} sites, ${demoItems.length} items and ${demoKits.length} kits`);

  // Entitlement rules of the partners: a parcel a month, a bar of soap per person a month, a school kit per child a school year.
  const partners = ['al-amal', 'khan-younis-health'] as const;
  for (const p of partners) {
    const c = ctxOf(p, 'coordinator');
    await createEntitlementRule(c, org(p), { itemId: item(PARCEL), quantityUnits: 1, per: 'household', window: { kind: 'rolling_days', days: 30 } });
    await createEntitlementRule(c, org(p), { itemId: item(SOAP), quantityUnits: 1, per: 'member', window: { kind: 'rolling_days', days: 30 } });
    await createEntitlementRule(c, org(p), { itemId: item(SCHOOL_KIT), quantityUnits: 1, per: 'school_age_child', window: { kind: 'school_year', startsOn: '09-01' } });
  }

  // Households: the partners' registers, and the rounds each household came to.
  const householdCount = Math.max(30, Math.round(FULL_HOUSEHOLDS * scale));
  const distributionCount = Math.max(60, Math.round(FULL_DISTRIBUTIONS * scale));
  const servedAt = [
    { partner: 'al-amal', site: 'deir-school-point', share: 0.3 },
    { partner: 'al-amal', site: 'maghazi-point', share: 0.26 },
    { partner: 'khan-younis-health', site: 'mawasi-point', share: 0.44 },
  ] as const;
  const documents = new Set<string>();
  const newDocument = () => {
    for (;;) {
      const d = `4${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
      if (!documents.has(d)) return documents.add(d), d;
    }
  };
  interface DemoHousehold {
    input: HouseholdInput;
    at: number;
    id?: string;
  }
  const registers = servedAt.map((s, at) => ({ ...s, at, households: [] as DemoHousehold[] }));
  const alAmalDocuments: string[] = [];
  for (const register of registers) {
    const n = register === registers[registers.length - 1] ? householdCount - registers.slice(0, -1).reduce((s, r) => s + r.households.length, 0) : Math.round(householdCount * register.share);
    for (let i = 0; i < n; i++) {
      const memberCount = random.weighted([[1, 2], [2, 6], [3, 10], [4, 14], [5, 16], [6, 15], [7, 12], [8, 9], [9, 6], [10, 4], [12, 3], [14, 1]] as const);
      const childrenUnder5Count = Math.min(memberCount - 1, random.weighted([[0, 40], [1, 35], [2, 20], [3, 5]] as const));
      const schoolAgeChildrenCount = Math.min(memberCount - 1 - childrenUnder5Count, random.weighted([[0, 25], [1, 25], [2, 25], [3, 15], [4, 7], [5, 3]] as const));
      const flags: VulnerabilityFlag[] = [];
      if (random.chance(0.82)) flags.push('displaced');
      if (random.chance(0.16)) flags.push('female_headed');
      if (random.chance(0.07)) flags.push('older_person_headed');
      if (random.chance(0.09)) flags.push('disability');
      if (random.chance(0.12)) flags.push('chronic_illness');
      if (childrenUnder5Count > 0 && random.chance(0.2)) flags.push('pregnant_or_lactating');
      if (random.chance(0.01)) flags.push('separated_child');
      // Families displaced from Deir al-Balah to Khan Younis are sometimes registered by both partners.
      const twice = register.partner === 'khan-younis-health' && alAmalDocuments.length > 0 && random.chance(0.015);
      const documentNumber = twice ? random.pick(alAmalDocuments) : newDocument();
      if (register.partner === 'al-amal') alAmalDocuments.push(documentNumber);
      register.households.push({
        at: register.at,
        input: { documentNumber, locationId: site(register.site), memberCount, childrenUnder5Count, schoolAgeChildrenCount, vulnerabilities: flags },
      });
    }
  }
  options.onDocumentNumbers?.(registers.flatMap((r) => r.households.map((h) => h.input.documentNumber)));
  for (const p of partners) {
    const mine = registers.filter((r) => r.partner === p).flatMap((r) => r.households);
    // A document listed twice by one partner would be refused; the generator never makes one.
    const ids = await registerHouseholds(ctxOf(p, 'field'), options.pseudonymSecret, org(p), mine.map((h) => h.input));
    mine.forEach((h, i) => (h.id = ids[i]));
  }
  say(`${householdCount.toLocaleString('en')} households registered`);

  // Who came to which round: every (household, round) pair, shuffled, the first ones kept.
  const exceptionCount = registers.length * ROUND_DAYS.length * EXCEPTIONS_PER_ROUND_SITE;
  const pairs: { household: DemoHousehold; round: number }[] = [];
  for (const r of registers) for (const household of r.households) for (let round = 0; round < ROUND_DAYS.length; round++) pairs.push({ household, round });
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const attended = pairs.slice(0, Math.min(pairs.length, distributionCount - exceptionCount));
  const shareOf = (h: HouseholdInput, round: number) => ({
    [PARCEL]: 1,
    [SOAP]: h.memberCount,
    [SCHOOL_KIT]: round === SCHOOL_ROUND ? h.schoolAgeChildrenCount : 0,
  });
  const need = new Map<string, number>(); // `${partner} ${round} ${code}` → units
  const addNeed = (partner: string, round: number, code: string, units: number) => {
    const k = `${partner} ${round} ${code}`;
    need.set(k, (need.get(k) ?? 0) + units);
  };
  for (const { household, round } of attended) {
    const partner = registers[household.at]!.partner;
    for (const [code, units] of Object.entries(shareOf(household.input, round))) addNeed(partner, round, code, units);
  }
  for (const r of registers) for (let round = 0; round < ROUND_DAYS.length; round++) addNeed(r.partner, round, PARCEL, EXCEPTIONS_PER_ROUND_SITE);

  // Needs: each partner's standing need for the rounds, then the rest of what they asked for.
  const needTarget = Math.max(12, Math.round(FULL_NEEDS * scale));
  const sending = ['relief-circle', 'zayandeh', 'naqsh-e-jahan'] as const;
  const suppliers: Record<(typeof partners)[number], (typeof sending)[number]> = { 'al-amal': 'relief-circle', 'khan-younis-health': 'zayandeh' };
  const roundNeedLine = new Map<string, string>(); // `${partner} ${code}` → need line id
  const approvedLines: { needLineId: string; itemCode: string; quantityUnits: number; addressedTo: string[]; partner: string }[] = [];
  const needsByStatus: Record<string, number> = {};
  let needsMade = 0;
  const makeNeed = async (partner: string, input: Parameters<typeof createNeed>[2], status: 'draft' | 'submitted' | 'approved' | 'closed' | 'cancelled', codes: string[]) => {
    const p = ctxOf(partner, 'coordinator');
    const created = await createNeed(p, org(partner), input);
    if (status !== 'draft') await transitionNeed(p, created.id, 'submit');
    if (status === 'approved' || status === 'closed') {
      const approver = demoOrganisations.find((o) => o.key !== partner && input.addressedTo[0] === org(o.key))!.key;
      await transitionNeed(ctxOf(approver, 'coordinator'), created.id, 'approve');
    }
    if (status === 'closed') await transitionNeed(p, created.id, 'close', 'what could be sent has been received');
    if (status === 'cancelled') await transitionNeed(p, created.id, 'cancel', random.pick(['the families moved on to another area', 'met by another agency', 'entered twice by mistake']));
    needsByStatus[status] = (needsByStatus[status] ?? 0) + 1;
    needsMade++;
    if (needsMade % 50 === 0) say(`${needsMade} needs`);
    return created.lines.map((l, i) => ({ needLineId: l.id, itemCode: codes[i]!, quantityUnits: l.quantityUnits }));
  };
  for (const p of partners) {
    const totals = (code: string) => ROUND_DAYS.reduce((s, _, round) => s + (need.get(`${p} ${round} ${code}`) ?? 0), 0);
    const codes = [PARCEL, SOAP, SCHOOL_KIT];
    const lines = await makeNeed(
      p,
      {
        title: 'Family food parcels, soap and school kits for the monthly rounds',
        addressedTo: [org(suppliers[p]), org('naqsh-e-jahan')],
        locationId: referenceLocationId(p === 'al-amal' ? 'PS0265' : 'PS0270'),
        priority: 'critical',
        neededBy: day(30),
        peopleToReach: registers.filter((r) => r.partner === p).reduce((s, r) => s + r.households.reduce((m, h) => m + h.input.memberCount, 0), 0),
        sector: 'food_security',
        justification: 'Displaced families in the camps and shelters we serve receive a parcel each month; markets are empty and prices out of reach.',
        lines: codes.map((code) => ({ itemId: item(code), quantityUnits: Math.max(1, totals(code)) })),
      },
      'approved',
      codes,
    );
    for (const l of lines) roundNeedLine.set(`${p} ${l.itemCode}`, l.needLineId);
  }
  const sectorItems = {
    food_security: demoItems.filter((i) => i.sector === 'food_security').map((i) => i.code).concat(PARCEL, PARCEL),
    health: demoItems.filter((i) => i.sector === 'health').map((i) => i.code).concat('KIT-MED-BASIC', 'KIT-MED-BASIC'),
    education: demoItems.filter((i) => i.sector === 'education').map((i) => i.code).concat(SCHOOL_KIT, SCHOOL_KIT),
    wash: demoItems.filter((i) => i.sector === 'wash').map((i) => i.code),
    shelter: demoItems.filter((i) => i.sector === 'shelter').map((i) => i.code),
  };
  const what: Record<keyof typeof sectorItems, string[]> = {
    food_security: ['Food for displaced families', 'Community kitchen supplies', 'Nutrition support for young children', 'Food parcels for new arrivals'],
    health: ['Medicines for the field clinic', 'Wound care supplies', 'Diarrhoea treatment for children', 'Clinic consumables'],
    education: ['School kits for a tent school', 'Learning materials for displaced pupils', 'Supplies for a temporary learning space'],
    wash: ['Hygiene supplies for a shelter', 'Safe water for displaced families', 'Dignity items for women and girls'],
    shelter: ['Winterisation for tents', 'Blankets and mats for a shelter', 'Tarpaulins after the storm'],
  };
  const placesOf = { 'al-amal': ['PS0265', 'deir-school-point', 'maghazi-point', 'deir-warehouse'], 'khan-younis-health': ['PS0270', 'mawasi-point', 'khan-younis-clinic', 'khan-younis-warehouse'] };
  const unitsFor = (code: string) => {
    if (code.startsWith('KIT-')) return random.int(2, 60) * 50;
    if (code === 'MED-GENERATOR-5KVA') return random.int(1, 4);
    if (code.startsWith('MED-')) return random.int(2, 80) * 25;
    if (code.startsWith('SHEL-')) return random.int(2, 40) * 50;
    return random.int(4, 200) * 50;
  };
  while (needsMade < needTarget) {
    const p = random.pick(partners);
    const sector = random.weighted([['food_security', 35], ['health', 30], ['wash', 15], ['education', 10], ['shelter', 10]] as const);
    const codes = [...new Set(Array.from({ length: random.int(1, 4) }, () => random.pick(sectorItems[sector])))];
    const place = random.pick(placesOf[p]);
    const addressedTo = random.chance(0.3) ? [org(random.pick(sending)), org(random.pick(sending))] : [org(random.pick(sending))];
    const status = random.weighted([['approved', 62], ['submitted', 15], ['draft', 8], ['closed', 7], ['cancelled', 8]] as const);
    const input = {
      title: random.pick(what[sector]),
      addressedTo: [...new Set(addressedTo)],
      locationId: place.startsWith('PS') ? referenceLocationId(place) : site(place),
      priority: random.weighted<Priority>([['critical', 2], ['high', 4], ['medium', 3], ['low', 1]]),
      neededBy: day(random.int(10, 150)),
      peopleToReach: random.int(4, 400) * 50,
      sector,
      justification: 'Assessed by our field team this month; figures from the shelter committees.',
      lines: codes.map((code) => ({ itemId: item(code), quantityUnits: unitsFor(code) })),
    };
    const lines = await makeNeed(p, input, status, codes);
    if (status === 'approved') for (const l of lines) approvedLines.push({ ...l, addressedTo: input.addressedTo, partner: p });
  }
  say(`${needsMade} needs`);

  // Pledges against approved needs, from the two donor organisations, named people and anonymous givers.
  const pledgeTarget = Math.max(10, Math.round(FULL_PLEDGES * scale));
  const pledgesByStatus: Record<string, number> = {};
  const pledgeLinesToReceive: { sender: string; donor: { organisationId?: string; individualRef?: string; anonymous?: true }; pledgeLineId: string; itemCode: string; quantityUnits: number }[] = [];
  const individuals = ['Family of M. Rezaei', 'H. Tavakoli', 'The Kazemi brothers', 'Students of Isfahan University of Medical Sciences', 'A. Nouri and colleagues', 'Grandchildren of Haj Ebrahim'];
  for (let n = 0; n < pledgeTarget; n++) {
    const takers = sending.filter((s) => approvedLines.some((l) => l.addressedTo.includes(org(s))));
    if (takers.length === 0) break;
    const sender = takers[n % takers.length]!;
    const open = approvedLines.filter((l) => l.addressedTo.includes(org(sender)));
    const picked = [...new Map(Array.from({ length: random.int(1, 3) }, () => random.pick(open)).map((l) => [l.needLineId, l])).values()];
    const donorKind = random.weighted([['organisation', 5], ['individual', 4], ['anonymous', 1]] as const);
    const donorOrg = picked.some((l) => l.itemCode.startsWith('MED-') || l.itemCode === 'KIT-MED-BASIC') ? 'pharma-guild' : 'bazaar-donors';
    const displayName = random.pick(individuals);
    const donor =
      donorKind === 'organisation'
        ? ({ kind: 'organisation', organisationId: org(donorOrg) } as const)
        : donorKind === 'individual'
          ? ({ kind: 'individual', displayName } as const)
          : ({ kind: 'anonymous' } as const);
    const goods = picked.map((l) => ({ kind: 'goods' as const, itemId: item(l.itemCode), quantityUnits: Math.max(1, Math.round(l.quantityUnits * random.weighted([[0.25, 1], [0.5, 2], [1, 2]] as const))), needLineId: l.needLineId }));
    const cash = random.chance(0.25) ? [{ kind: 'cash' as const, currency: 'IRR', amountMinor: random.int(5, 200) * 10_000_000, needLineId: picked[0]!.needLineId }] : [];
    const pledge = await createPledge(ctxOf(sender, 'coordinator'), org(sender), { donor, expectedOn: day(random.int(-20, 40)), lines: [...goods, ...cash] });
    const fate = random.weighted([['open', 3], ['partial', 3], ['received', 4], ['cancelled', 1]] as const);
    if (fate === 'cancelled') {
      await cancelPledge(ctxOf(sender, 'coordinator'), pledge.id, 'the donor could not raise the goods after all');
    } else if (fate !== 'open') {
      const donorRef =
        donor.kind === 'organisation' ? { organisationId: donor.organisationId } : donor.kind === 'individual' ? { individualRef: `RB-${random.int(1000, 9999)}` } : { anonymous: true as const };
      pledge.lines.forEach((line, i) => {
        if (line.kind !== 'goods') return;
        const promised = goods[i]!.quantityUnits;
        const units = fate === 'received' ? promised : Math.max(1, Math.floor(promised * random.weighted([[0.3, 1], [0.6, 1]] as const)));
        if (fate === 'partial' && units >= promised) return;
        pledgeLinesToReceive.push({ sender, donor: donorRef, pledgeLineId: line.id, itemCode: picked[i]!.itemCode, quantityUnits: units });
      });
    }
    pledgesByStatus[fate] = (pledgesByStatus[fate] ?? 0) + 1;
  }
  say(`${pledgeTarget} pledges`);

  // Intakes: pledged goods at the civic groups' warehouses, triaged on arrival.
  const warehouseOf: Record<string, string> = { 'relief-circle': 'isfahan-warehouse', zayandeh: 'zayandeh-store', 'naqsh-e-jahan': 'naqsh-store' };
  const shelfLife = new Map<string, number | null>(demoItems.map((i) => [i.code, i.shelfLifeDays]));
  const expiryFor = (code: string, receivedOffset: number) => {
    const life = shelfLife.get(code);
    return life ? day(receivedOffset + Math.round(life * random.weighted([[0.5, 1], [0.7, 2], [0.9, 2]] as const))) : null;
  };
  let intakes = 0;
  for (const [k, line] of pledgeLinesToReceive.entries()) {
    const offset = -random.int(1, 12);
    const unusable = line.itemCode.startsWith('MED-') && random.chance(0.15) && line.quantityUnits > 4 ? Math.ceil(line.quantityUnits / 10) : 0;
    const lines = [
      { itemId: item(line.itemCode), expiryDate: expiryFor(line.itemCode, offset), triage: random.weighted([['urgent', 3], ['non-urgent', 1]] as const), quantityUnits: line.quantityUnits - unusable, pledgeLineId: line.pledgeLineId },
      ...(unusable > 0 ? [{ itemId: item(line.itemCode), lotCode: `UNUSABLE-${k}`, expiryDate: day(offset - 30), triage: 'unusable' as const, quantityUnits: unusable, pledgeLineId: line.pledgeLineId }] : []),
    ];
    if (lines[0]!.quantityUnits <= 0) lines.shift();
    await receiveIntake(ctxOf(line.sender, 'warehouse'), org(line.sender), {
      id: id(`pledge-intake ${k}`),
      locationId: site(warehouseOf[line.sender]!),
      source: 'donation',
      donor: line.donor,
      occurredAt: at(offset, 10).toISOString(),
      lines,
    });
    intakes++;
  }

  // What the rounds hand out: bought in Isfahan with the cash raised, parcels and kits assembled
  // there, handed over to the partner's warehouse ten days before each round.
  const kitsOf = new Map(demoKits.map((k) => [k.code, k]));
  const partnerTag = (p: string) => (p === 'al-amal' ? 'DB' : 'KY');
  /** One purchase (an intake) of several items on one day, a lot of each. */
  const purchase = async (sender: string, wanted: [code: string, units: number][], offset: number, forPartner: string, name: string) => {
    const lines = wanted
      .filter(([, units]) => units > 0)
      .map(([code, units]) => ({
        itemId: item(code),
        lotCode: `${code}-${day(offset).replaceAll('-', '')}-${partnerTag(forPartner)}`,
        expiryDate: expiryFor(code, offset),
        triage: 'urgent' as const,
        quantityUnits: units,
      }));
    if (lines.length === 0) return;
    await receiveIntake(ctxOf(sender, 'warehouse'), org(sender), { id: id(name), locationId: site(warehouseOf[sender]!), source: 'purchase', occurredAt: at(offset, 11).toISOString(), lines });
    intakes++;
  };
  let kitAssemblies = 0;
  let handovers = 0;
  for (let round = 0; round < ROUND_DAYS.length; round++) {
    const roundDay = ROUND_DAYS[round]!;
    for (const p of partners) {
      const bySender = new Map<string, [code: string, units: number][]>([
        [suppliers[p], [[PARCEL, need.get(`${p} ${round} ${PARCEL}`) ?? 0]]],
        ['naqsh-e-jahan', [[SOAP, need.get(`${p} ${round} ${SOAP}`) ?? 0], [SCHOOL_KIT, need.get(`${p} ${round} ${SCHOOL_KIT}`) ?? 0]]],
      ]);
      for (const [sender, wanted] of bySender) {
        const goods = wanted.filter(([, units]) => units > 0);
        if (goods.length === 0) continue;
        // Plain items bought once; kit components in two lots a week apart, so assembly picks first-expiry-first-out.
        await purchase(sender, goods.filter(([code]) => !kitsOf.has(code)), roundDay - 20, p, `buy ${round} ${p} ${sender}`);
        for (const [code, units] of goods) {
          const kit = kitsOf.get(code);
          if (!kit) continue;
          const first = kit.components.map(([c, per]): [string, number] => [c, Math.ceil((units * per) / 2)]);
          await purchase(sender, first, roundDay - 30, p, `buy ${round} ${p} ${code} a`);
          await purchase(sender, kit.components.map(([c, per], i): [string, number] => [c, units * per - first[i]![1]]), roundDay - 23, p, `buy ${round} ${p} ${code} b`);
          await assembleKits(ctxOf(sender, 'warehouse'), org(sender), {
            id: id(`assemble ${round} ${p} ${code}`),
            locationId: site(warehouseOf[sender]!),
            kitItemId: item(code),
            kits: units,
            lotCode: `${code}-${day(roundDay - 15).replaceAll('-', '')}-${partnerTag(p)}`,
            occurredAt: at(roundDay - 15, 14).toISOString(),
          });
          kitAssemblies++;
        }
        // Handed over to the partner's warehouse ten days before the round, lots first-expiry-first-out.
        const from = await loadSite(db, site(warehouseOf[sender]!), 'fromLocationId');
        const lots: { lotId: string; quantityUnits: number }[] = [];
        for (const [code, units] of goods) {
          const pick = fefoPick(await holdingsOfItem(db, from.holding.id, item(code)), units, day(roundDay - 10));
          if (pick.shortUnits > 0) throw new Error(`demo: ${sender} is ${pick.shortUnits} units of ${code} short`);
          lots.push(...pick.lines.map((l) => ({ lotId: l.lotId, quantityUnits: l.quantityUnits })));
        }
        await handOverStock(ctxOf(sender, 'warehouse'), org(sender), {
          id: id(`handover ${round} ${p} ${sender}`),
          fromLocationId: from.id,
          toLocationId: site(p === 'al-amal' ? 'deir-warehouse' : 'khan-younis-warehouse'),
          reason: `for the distribution round of ${day(roundDay)}`,
          occurredAt: at(roundDay - 10, 8).toISOString(),
          lines: lots,
        });
        handovers++;
      }
    }
    say(`round ${round + 1}: stock bought, assembled and handed over`);
  }

  // The rounds: a plan per site, stock issued to it on the morning, each household's record.
  let plans = 0;
  let distributions = 0;
  let exceptions = 0;
  let transfersByRecords = 0;
  for (let round = 0; round < ROUND_DAYS.length; round++) {
    const roundDay = ROUND_DAYS[round]!;
    for (const register of registers) {
      const p = register.partner;
      const records = attended.filter((a) => a.round === round && a.household.at === register.at).map((a) => a.household);
      const share = { [PARCEL]: EXCEPTIONS_PER_ROUND_SITE, [SOAP]: 0, [SCHOOL_KIT]: 0 } as Record<string, number>;
      for (const h of records) for (const [code, units] of Object.entries(shareOf(h.input, round))) share[code]! += units;
      const codes = [PARCEL, SOAP, ...(round === SCHOOL_ROUND ? [SCHOOL_KIT] : [])];
      const siteName = demoSites.find((s) => s.key === register.site)!.names.en!;
      const plan = await createPlan(ctxOf(p, 'coordinator'), org(p), {
        title: `${round === SCHOOL_ROUND ? 'Back-to-school and food' : 'Monthly food'} round ${round + 1}, ${siteName}`,
        siteId: site(register.site),
        plannedOn: day(roundDay),
        householdsExpected: Math.max(1, records.length),
        lines: codes.map((code) => ({
          itemId: item(code),
          quantityUnits: 1,
          per: code === PARCEL ? ('household' as const) : code === SOAP ? ('member' as const) : ('school_age_child' as const),
          needLineId: roundNeedLine.get(`${p} ${code}`),
        })),
      });
      plans++;
      await issueToSite(
        ctxOf(p, 'warehouse'),
        org(p),
        plan.id,
        { id: id(`issue ${round} ${register.site}`), fromLocationId: site(p === 'al-amal' ? 'deir-warehouse' : 'khan-younis-warehouse'), lines: codes.filter((c) => share[c]! > 0).map((c) => ({ itemId: item(c), quantityUnits: share[c]! })) },
        at(roundDay, 6),
      );
      const inputs: DistributionInput[] = records.map((h, k) => {
        const minute = Math.floor((k * 480) / Math.max(1, records.length));
        const proof: DistributionInput['proof'] = random.chance(0.93)
          ? { kind: 'voucher', code: `R${round + 1}-${register.site.slice(0, 3).toUpperCase()}-${String(k + 1).padStart(5, '0')}` }
          : { kind: random.chance(0.5) ? 'signature' : 'thumbprint', sha256: stableId('demo-proof', `${round} ${register.site} ${k}`).replaceAll('-', '').padEnd(64, '0'), ref: `device-${register.at + 1}/proofs/${round + 1}-${k + 1}.png` };
        return {
          id: id(`distribution ${round} ${register.site} ${k}`),
          planId: plan.id,
          householdId: h.id!,
          distributedAt: `${day(roundDay)}T${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00${GAZA_OFFSET}`,
          proof,
        };
      });
      for (let i = 0; i < inputs.length; i += RECORDS_PER_IMPORT) {
        const done = await importDistributions(ctxOf(p, 'field'), options.pseudonymSecret, org(p), inputs.slice(i, i + RECORDS_PER_IMPORT), now);
        distributions += done.recorded;
        transfersByRecords += done.transfers;
      }
      // A few families whose parcel was spoiled get another within the month: a coordinator sets the rule aside.
      const spoiled = records.slice(0, EXCEPTIONS_PER_ROUND_SITE).map((h, k): DistributionInput => ({
        id: id(`exception ${round} ${register.site} ${k}`),
        planId: plan.id,
        householdId: h.id!,
        distributedAt: `${day(roundDay + 3)}T11:${String(10 + k).padStart(2, '0')}:00${GAZA_OFFSET}`,
        lines: [{ itemId: item(PARCEL), quantityUnits: 1 }],
        proof: { kind: 'voucher', code: `R${round + 1}-${register.site.slice(0, 3).toUpperCase()}-X${k + 1}` },
        exception: { reason: random.pick(['replacement: rain flooded the tent and spoiled the parcel', 'replacement: the parcel was taken from the family on the way home', 'replacement: the parcel was damaged when the shelter was hit']) },
      }));
      if (spoiled.length > 0) {
        const done = await importDistributions(ctxOf(p, 'coordinator'), options.pseudonymSecret, org(p), spoiled, now);
        distributions += done.recorded;
        exceptions += done.recorded;
        transfersByRecords += done.transfers;
      }
      say(`round ${round + 1} at ${siteName}: ${distributions.toLocaleString('en')} distributions so far`);
    }
  }

  // Consignments from Isfahan to the partners, stopped at every step of the journey.
  const consignments = await loadConsignments({
    random,
    ctxOf,
    org,
    site,
    item,
    id,
    day,
    at,
    now,
    needLines: (partner, sender) => approvedLines.filter((l) => l.partner === partner && l.addressedTo.includes(org(sender)) && !l.itemCode.startsWith('KIT-')),
    expiryFor,
    warehouseOf,
  });
  say(`${Object.values(consignments).reduce((a, b) => a + b, 0)} consignments (${Object.entries(consignments).map(([k, v]) => `${v} ${k.replaceAll('_', ' ')}`).join(', ')})`);

  // The audit: every chain and balance recomputed from scratch.
  const report = await verifyLedger(db);
  say(`ledger verified: ${report.ok ? 'OK' : 'NOT OK'} (${report.transfers.toLocaleString('en')} transfers in ${report.chains.length} chains)`);

  const summary = await summarise(db, {
    seed,
    scale,
    needs: needsByStatus,
    pledges: pledgesByStatus,
    intakes,
    kitAssemblies,
    handovers,
    distributionPlans: plans,
    exceptions,
    verified: report.ok,
    chains: report.chains.length,
  });
  void transfersByRecords;
  return { summary, accounts };
}

/** The figures of the loaded scenario, counted in the database (not taken from the loader's own tallies). */
async function summarise(
  db: Database,
  known: Pick<DemoSummary, 'seed' | 'scale' | 'needs' | 'pledges' | 'intakes' | 'kitAssemblies' | 'handovers' | 'distributionPlans' | 'exceptions' | 'verified' | 'chains'>,
): Promise<DemoSummary> {
  const rows = <T>(query: SQL) => rowsOf<T>(db, query);
  const [c] = await rows<Record<string, number>>(sql`select
      (select count(*) from organisations)::int as organisations,
      (select count(*) from users where id <> '00000000-0000-0000-0000-000000000000')::int as users,
      (select count(*) from locations where level = 'site')::int as sites,
      (select count(*) from items where not exists (select 1 from kit_components k where k.kit_item_id = items.id))::int as items,
      (select count(distinct kit_item_id) from kit_components)::int as kits,
      (select count(*) from households)::int as households,
      (select count(*) from (select pseudonym_key from households group by pseudonym_key having count(*) > 1) d)::int as twice,
      (select count(*) from distributions)::int as distributions,
      (select count(*) from distributions where exception_reason is not null)::int as exceptions,
      (select count(*) from transfers)::int as transfers`);
  const needs = await rows<{ status: string; n: number }>(sql`select status::text, count(*)::int as n from needs group by status order by status`);
  const consignments = await rows<{ status: string; n: number }>(sql`select status::text, count(*)::int as n from consignments group by status order by status`);
  const units = await rows<{ code: string; units: number }>(
    sql`select i.code, sum(l.quantity_units)::int8 as units from distribution_lines l join items i on i.id = l.item_id group by i.code order by i.code`,
  );
  return {
    seed: known.seed,
    scale: known.scale,
    organisations: c!.organisations!,
    users: c!.users!,
    sites: c!.sites!,
    items: c!.items!,
    kits: c!.kits!,
    needs: Object.fromEntries(needs.map((n) => [n.status, Number(n.n)])),
    pledges: known.pledges,
    intakes: known.intakes,
    kitAssemblies: known.kitAssemblies,
    handovers: known.handovers,
    households: c!.households!,
    householdsRegisteredByBothPartners: c!.twice!,
    distributionPlans: known.distributionPlans,
    consignments: Object.fromEntries(consignments.map((r) => [r.status, Number(r.n)])),
    distributions: c!.distributions!,
    exceptions: c!.exceptions!,
    unitsDistributed: Object.fromEntries(units.map((u) => [u.code, Number(u.units)])),
    transfers: c!.transfers!,
    chains: known.chains,
    verified: known.verified,
  };
}
