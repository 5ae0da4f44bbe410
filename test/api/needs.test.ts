import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, seedWorld, type Caller, type TestApp, type World } from '../helpers/app.js';
import { addOrganisation, daysFromToday, DEIR_AL_BALAH, expectError, GAZA_STRIP, KHAN_YOUNIS, PALESTINE, seedItems } from '../helpers/pipeline.js';

let t: TestApp;
let w: World;
let items: Awaited<ReturnType<typeof seedItems>>;
let otherSending: Awaited<ReturnType<typeof addOrganisation>>;

beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
  items = await seedItems(w);
  otherSending = await addOrganisation(t, 'kashan', 'sending', 'Kashan Aid Group');
});
afterAll(() => t.close());

const needInput = (over: Record<string, unknown> = {}) => ({
  title: 'Food for displaced families in Deir al-Balah shelters',
  addressedTo: [w.sending.id],
  locationId: DEIR_AL_BALAH,
  priority: 'critical',
  neededBy: daysFromToday(30),
  peopleToReach: 2500,
  sector: 'food_security',
  justification: 'Five schools used as shelters; no market supply for three weeks.',
  lines: [
    { itemId: items.parcel, quantityUnits: 500 },
    { itemId: items.rice, quantityUnits: 200 },
  ],
  ...over,
});

async function createDraft(by: Caller = w.people.partner.field, over: Record<string, unknown> = {}) {
  const res = await by.call('POST', `/api/organisations/${w.partner.id}/needs`, needInput(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const needCount = async () => (await t.store.query<{ n: number }>('select count(*)::int as n from needs'))[0]!.n;
const eventCount = async () => (await t.store.query<{ n: number }>('select count(*)::int as n from need_events'))[0]!.n;
const ids = (res: { json(): unknown }) => (res.json() as { id: string }[]).map((n) => n.id);

describe('needs: the flow draft → submitted → approved → closed', () => {
  it('records, edits, submits, approves and closes a need, each step an event with who, when and for whom', async () => {
    const draft = await createDraft();
    expect(draft).toMatchObject({ status: 'draft', organisation: { id: w.partner.id }, addressedTo: [{ id: w.sending.id }], location: { id: DEIR_AL_BALAH, level: 'admin2' } });
    expect(draft.lines.map((l: { item: { code: string }; quantityUnits: number }) => [l.item.code, l.quantityUnits])).toEqual([
      ['KIT-FOOD-FAMILY', 500],
      ['RICE-5KG', 200],
    ]);
    expect(draft.lines[0].coverage).toMatchObject({ neededUnits: 500, pledgedUnits: 0, coveredUnits: 0, gapUnits: 500, coverageRatio: 0, fulfilmentRatio: 0 });

    const edited = await w.people.partner.coordinator.call('PUT', `/api/needs/${draft.id}`, needInput({ lines: [{ itemId: items.parcel, quantityUnits: 600 }] }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().lines).toHaveLength(1);

    const submitted = await w.people.partner.field.call('POST', `/api/needs/${draft.id}/submit`, { note: 'agreed with the shelter committees' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');

    const approved = await w.people.sending.coordinator.call('POST', `/api/needs/${draft.id}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');

    const closed = await w.people.partner.field.call('POST', `/api/needs/${draft.id}/close`, { note: 'all parcels distributed' });
    expect(closed.statusCode, closed.body).toBe(200);
    const events = closed.json().events as { kind: string; fromStatus: string | null; toStatus: string; userId: string; organisationId: string; note: string | null; at: string }[];
    expect(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.userId, e.organisationId])).toEqual([
      ['create', null, 'draft', w.people.partner.field.userId, w.partner.id],
      ['edit', 'draft', 'draft', w.people.partner.coordinator.userId, w.partner.id],
      ['submit', 'draft', 'submitted', w.people.partner.field.userId, w.partner.id],
      ['approve', 'submitted', 'approved', w.people.sending.coordinator.userId, w.sending.id],
      ['close', 'approved', 'closed', w.people.partner.field.userId, w.partner.id],
    ]);
    expect(events[2]!.note).toBe('agreed with the shelter committees');
    expect(events.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('cancels a submitted need with a reason, and nothing moves a cancelled need again', async () => {
    const need = await createDraft();
    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {});
    const cancelled = await w.people.partner.coordinator.call('POST', `/api/needs/${need.id}/cancel`, { reason: 'a UN agency covered it' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().events.at(-1)).toMatchObject({ kind: 'cancel', toStatus: 'cancelled', note: 'a UN agency covered it' });
    expectError(await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}), 422, 'rule_violated', 'status');
  });
});

describe('needs: concurrent steps', () => {
  it('makes one approval of two at once, and refuses the other', async () => {
    const need = await createDraft();
    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`);
    const answers = await Promise.all([
      w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`),
      w.people.sending.admin.call('POST', `/api/needs/${need.id}/approve`),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 422]);
    const events = (await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json().events;
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(['create', 'submit', 'approve']);
  });
});

describe('needs: who sees and who acts', () => {
  it('keeps a draft to the partner, and shares a submitted need with every organisation and monitors', async () => {
    const need = await createDraft();
    expect((await w.people.partner.monitor.call('GET', `/api/needs/${need.id}`)).statusCode).toBe(200);
    expectError(await w.people.sending.coordinator.call('GET', `/api/needs/${need.id}`), 404, 'not_found');
    expect(ids(await w.people.sending.coordinator.call('GET', '/api/needs'))).not.toContain(need.id);

    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {});
    expect((await w.people.sending.monitor.call('GET', `/api/needs/${need.id}`)).statusCode).toBe(200);
    expect((await otherSending.people.monitor.call('GET', `/api/needs/${need.id}`)).statusCode).toBe(200);
    expect(ids(await w.people.sending.coordinator.call('GET', `/api/needs?addressedTo=${w.sending.id}&status=submitted`))).toContain(need.id);
    expect(ids(await w.people.sending.coordinator.call('GET', `/api/needs?addressedTo=${otherSending.org.id}`))).not.toContain(need.id);
    expectError(await w.anonymous.call('GET', '/api/needs'), 401, 'unauthenticated');
  });

  it('filters by a place and everything under it: a governorate finds the needs of its districts', async () => {
    const need = await createDraft();
    const reader = w.people.partner.field;
    expect(ids(await reader.call('GET', `/api/needs?locationId=${DEIR_AL_BALAH}`))).toContain(need.id);
    expect(ids(await reader.call('GET', `/api/needs?locationId=${GAZA_STRIP}`))).toContain(need.id);
    expect(ids(await reader.call('GET', `/api/needs?locationId=${PALESTINE}`))).toContain(need.id);
    expect(ids(await reader.call('GET', `/api/needs?locationId=${KHAN_YOUNIS}`))).not.toContain(need.id);
  });

  it('lets only a coordinator of an addressed sending organisation approve, and only the partner change its need', async () => {
    const need = await createDraft();
    expectError(await w.people.partner.monitor.call('POST', `/api/organisations/${w.partner.id}/needs`, needInput()), 403, 'forbidden');
    expectError(await w.people.sending.coordinator.call('POST', `/api/organisations/${w.partner.id}/needs`, needInput()), 403, 'forbidden');
    expectError(await w.people.partner.warehouse.call('POST', `/api/needs/${need.id}/submit`, {}), 403, 'forbidden');
    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {});
    expectError(await w.people.sending.field.call('POST', `/api/needs/${need.id}/approve`, {}), 403, 'forbidden');
    expectError(await w.people.partner.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}), 403, 'forbidden');
    expectError(await otherSending.people.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}), 403, 'forbidden');
    expectError(await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/cancel`, { reason: 'not ours' }), 403, 'forbidden');
    expect((await w.people.sending.admin.call('POST', `/api/needs/${need.id}/approve`, {})).json().status).toBe('approved');
    expectError(await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/close`, {}), 403, 'forbidden');
  });

  it('raises needs only for partner organisations', async () => {
    const res = await w.people.sending.coordinator.call('POST', `/api/organisations/${w.sending.id}/needs`, needInput());
    expectError(res, 403, 'forbidden', 'organisationId');
  });
});

describe('needs: bad input is refused and changes nothing', () => {
  it('POST /api/organisations/:organisationId/needs', async () => {
    const [needs, events] = [await needCount(), await eventCount()];
    const url = `/api/organisations/${w.partner.id}/needs`;
    const field = w.people.partner.field;
    expectError(await field.call('POST', url, { ...needInput(), colour: 'red' }), 400, 'invalid_input', 'body.colour');
    expectError(await field.call('POST', url, needInput({ priority: 'urgent' })), 400, 'invalid_input', 'body.priority');
    expectError(await field.call('POST', url, needInput({ neededBy: '2025-02-30' })), 400, 'invalid_input', 'body.neededBy');
    expectError(await field.call('POST', url, needInput({ lines: [] })), 400, 'invalid_input', 'body.lines');
    expectError(await field.call('POST', url, needInput({ lines: [{ itemId: items.rice, quantityUnits: 1 }, { itemId: items.rice, quantityUnits: 2 }] })), 422, 'rule_violated', 'lines.1.itemId');
    expectError(await field.call('POST', url, needInput({ lines: [{ itemId: w.partner.id, quantityUnits: 1 }] })), 422, 'rule_violated', 'lines.0.itemId');
    expectError(await field.call('POST', url, needInput({ addressedTo: [w.partner.id] })), 422, 'rule_violated', 'addressedTo.0');
    expectError(await field.call('POST', url, needInput({ locationId: PALESTINE })), 422, 'rule_violated', 'locationId');
    expect([await needCount(), await eventCount()]).toEqual([needs, events]);
  });

  it('PUT /api/needs/:needId', async () => {
    const need = await createDraft();
    expectError(await w.people.partner.field.call('PUT', `/api/needs/${need.id}`, needInput({ lines: [{ itemId: items.rice, quantityUnits: 0 }] })), 400, 'invalid_input', 'body.lines.0.quantityUnits');
    expectError(await w.people.partner.field.call('PUT', `/api/needs/${need.id}`, needInput({ lines: [{ itemId: w.sending.id, quantityUnits: 5 }] })), 422, 'rule_violated', 'lines.0.itemId');
    const after = (await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json();
    expect(after).toEqual(need);
    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {});
    expectError(await w.people.partner.field.call('PUT', `/api/needs/${need.id}`, needInput()), 422, 'rule_violated', 'status');
    expect((await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json().lines).toEqual(need.lines);
  });

  it('POST /api/needs/:needId/submit', async () => {
    const need = await createDraft(w.people.partner.field, { neededBy: '2020-01-01' });
    expectError(await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, { note: 'x', extra: 1 }), 400, 'invalid_input', 'body.extra');
    expectError(await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {}), 422, 'rule_violated', 'neededBy');
    expect((await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json()).toEqual(need);
  });

  it('POST /api/needs/:needId/approve', async () => {
    const need = await createDraft();
    expectError(await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, {}), 404, 'not_found', 'needId');
    await w.people.partner.field.call('POST', `/api/needs/${need.id}/submit`, {});
    const before = (await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json();
    expectError(await w.people.sending.coordinator.call('POST', `/api/needs/${need.id}/approve`, { note: 7 }), 400, 'invalid_input', 'body.note');
    expectError(await w.people.sending.coordinator.call('POST', '/api/needs/not-a-need/approve', {}), 400, 'invalid_input', 'params.needId');
    expect((await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json()).toEqual(before);
  });

  it('POST /api/needs/:needId/close', async () => {
    const need = await createDraft();
    expectError(await w.people.partner.field.call('POST', `/api/needs/${need.id}/close`, {}), 422, 'rule_violated', 'status');
    expect((await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json()).toEqual(need);
  });

  it('POST /api/needs/:needId/cancel', async () => {
    const need = await createDraft();
    expectError(await w.people.partner.field.call('POST', `/api/needs/${need.id}/cancel`, {}), 400, 'invalid_input', 'body.reason');
    expectError(await w.people.partner.field.call('POST', `/api/needs/${need.id}/cancel`, { reason: '   ' }), 400, 'invalid_input', 'body.reason');
    expect((await w.people.partner.field.call('GET', `/api/needs/${need.id}`)).json()).toEqual(need);
  });

  it('GET /api/needs and GET /api/needs/:needId', async () => {
    expectError(await w.people.sending.monitor.call('GET', '/api/needs?status=pending'), 400, 'invalid_input', 'querystring.status');
    expectError(await w.people.sending.monitor.call('GET', '/api/needs?limit=0'), 400, 'invalid_input', 'querystring.limit');
    expectError(await w.people.sending.monitor.call('GET', '/api/needs/123'), 400, 'invalid_input', 'params.needId');
    expectError(await w.people.sending.monitor.call('GET', `/api/needs/${w.partner.id}`), 404, 'not_found', 'needId');
  });
});
