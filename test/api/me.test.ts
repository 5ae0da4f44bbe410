import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantedPermissions, rolePermissions } from '../../src/domain/access.js';
import { openTestApp, seedWorld, type TestApp, type World } from '../helpers/app.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await openTestApp();
  w = await seedWorld(t);
});
afterAll(() => t.close());

describe('PATCH /api/me', () => {
  it('saves the language the web app shows me', async () => {
    const me = w.people.partner.field;
    const res = await me.call('PATCH', '/api/me', { preferredLanguage: 'ar' });
    expect(res.statusCode).toBe(200);
    expect(res.json().preferredLanguage).toBe('ar');
    expect((await me.call('GET', '/api/me')).json().preferredLanguage).toBe('ar');
  });

  it('refuses a language the app does not have, naming the field', async () => {
    const res = await w.people.sending.coordinator.call('PATCH', '/api/me', { preferredLanguage: 'de' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_input', field: 'body.preferredLanguage' });
    expect((await w.people.sending.coordinator.call('GET', '/api/me')).json().preferredLanguage).toBe('en');
  });

  it('refuses unknown fields and callers who are not signed in', async () => {
    const unknown = await w.admin.call('PATCH', '/api/me', { isInstanceAdmin: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.field).toBe('body.isInstanceAdmin');
    expect((await w.anonymous.call('PATCH', '/api/me', { preferredLanguage: 'fa' })).statusCode).toBe(401);
  });
});

describe('GET /api/me', () => {
  it('lists what each membership allows, so the app offers only those actions', async () => {
    const res = await w.people.sending.coordinator.call('GET', '/api/me');
    const [membership] = res.json().memberships;
    expect(membership).toMatchObject({ organisationId: w.sending.id, role: 'coordinator' });
    expect(membership.permissions).toEqual(grantedPermissions('coordinator', 'sending'));
  });

  it('leaves out what the organisation’s kind does not do, whatever the role says', async () => {
    const sending = (await w.people.sending.coordinator.call('GET', '/api/me')).json().memberships[0].permissions;
    expect(sending).toEqual(expect.arrayContaining(['needs:approve', 'pledges:write', 'shared:read']));
    for (const partnerOnly of ['needs:write', 'households:read', 'households:write', 'entitlements:write']) expect(sending).not.toContain(partnerOnly);
    const partner = (await w.people.partner.field.call('GET', '/api/me')).json().memberships[0].permissions;
    // A field officer's role reads plans; a partner does not plan consignments, so its field officers do not.
    expect(rolePermissions.field).toContain('planning:read');
    expect(partner).not.toContain('planning:read');
    expect(partner).toEqual(rolePermissions.field.filter((p) => p !== 'planning:read'));
  });
});
