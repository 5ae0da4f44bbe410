import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { referenceLocationId } from '../../src/db/reference-locations.js';
import { newId } from '../../src/domain/ids.js';
import { NeedInput } from '../../src/domain/needs/need.js';
import { createItem } from '../../src/services/catalogue.js';
import { operator } from '../../src/services/context.js';
import { receiveIntake } from '../../src/services/ledger/intake.js';
import { createLocation } from '../../src/services/locations.js';
import { createNeed } from '../../src/services/needs/needs.js';
import { transitionNeed } from '../../src/services/needs/transitions.js';
import { createOrganisation } from '../../src/services/organisations.js';
import { createLane } from '../../src/services/planning/lanes.js';
import { plainItem } from '../helpers/stock.js';

/**
 * `karvan plan` as an operator runs it, in a process of its own, on a PGlite data folder seeded
 * here: a sending group with 100 units in its warehouse and a lane to Deir al-Balah, and a
 * partner's two approved needs (critical 60, low 80).
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'karvan-cli-plan-'));
const dataDir = path.join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function karvan(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KARVAN_DATA_DIR: dataDir, KARVAN_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/karvan.js', ...args], { cwd: repo, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
let lines: { critical: string; low: string };
let sendingId: string;

beforeAll(async () => {
  const store = await openStore({ databaseUrl: undefined, dataDir });
  try {
    await migrate(store);
    const ctx = { db: store.db, actor: operator };
    const sending = await createOrganisation(ctx, { kind: 'sending', names: { en: 'Isfahan Relief Circle' }, country: 'IR', contacts: [] });
    const partner = await createOrganisation(ctx, { kind: 'partner', names: { en: 'Deir al-Balah Kitchen' }, country: 'PS', contacts: [] });
    sendingId = sending.id;
    const warehouse = await createLocation(ctx, {
      level: 'site',
      siteKind: 'warehouse',
      parentId: referenceLocationId('IR-10'),
      names: { en: 'Isfahan warehouse' },
      organisationId: sending.id,
    });
    const rice = await createItem(ctx, plainItem('RICE-5KG', 'Rice, 5 kg'));
    await receiveIntake(ctx, sending.id, {
      id: newId(),
      locationId: warehouse.id,
      source: 'purchase',
      lines: [{ itemId: rice.id, lotCode: 'R-1', expiryDate: null, triage: 'urgent', quantityUnits: 100 }],
    });
    await createLane(ctx, sending.id, {
      fromLocationId: warehouse.id,
      toLocationId: referenceLocationId('PS0265'),
      leadTimeDays: 5,
      periodDays: 7,
      capacityKgPerPeriod: 10_000,
      capacityM3PerPeriod: 100,
    });
    const need = async (title: string, priority: 'critical' | 'low', quantityUnits: number) => {
      const made = await createNeed(
        ctx,
        partner.id,
        NeedInput.parse({
          title,
          addressedTo: [sending.id],
          locationId: referenceLocationId('PS0265'),
          priority,
          neededBy: inDays(30),
          peopleToReach: 100,
          sector: 'food_security',
          lines: [{ itemId: rice.id, quantityUnits }],
        }),
      );
      await transitionNeed(ctx, made.id, 'submit');
      await transitionNeed(ctx, made.id, 'approve');
      return made.lines[0]!.id;
    };
    lines = { critical: await need('Critical rice', 'critical', 60), low: await need('Low rice', 'low', 80) };
  } finally {
    await store.close();
  }
}, 120_000);

describe('karvan plan', () => {
  it('--json prints the plan as the API gives it, progress on stderr', async () => {
    const run = await karvan(['plan', '--json', '--time-limit', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/karvan plan: planning 2 need lines from 1 lots and 0 pledges on 1 lanes/);
    const plan = JSON.parse(run.stdout) as {
      organisationId: string;
      status: string;
      allocations: { needLineId: string; quantityUnits: number; reason: string }[];
      unmet: { needLineId: string; shortUnits: number; constraint: string }[];
    };
    expect(plan).toMatchObject({ organisationId: sendingId, status: 'proposed' });
    const units = (id: string) => plan.allocations.filter((a) => a.needLineId === id).reduce((n, a) => n + a.quantityUnits, 0);
    expect(units(lines.critical)).toBe(60);
    expect(units(lines.low)).toBe(40);
    expect(plan.unmet).toEqual([expect.objectContaining({ needLineId: lines.low, shortUnits: 40, constraint: 'outranked' })]);
  }, 120_000);

  it('without --json prints tables of allocation lines and of short lines with their constraint', async () => {
    const run = await karvan(['plan', '--organisation', sendingId, '--min-shelf-life', '120', '--shelf-life', 'health=180']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Plan [0-9a-f-]{36} for \d{4}-\d{2}-\d{2} \(2 need lines, 1 lots, 0 pledges, 1 lanes/);
    expect(run.stdout).toMatch(/Coverage \d+\.\d %; units served of outstanding: critical 60\/60, high 0\/0, medium 0\/0, low 40\/80/);
    expect(run.stdout).toMatch(/Allocation lines \(\d+\):\npriority +need +item +units/);
    expect(run.stdout).toMatch(/critical +Critical rice +RICE-5KG +60 +Isfahan warehouse +Deir Al-Balah/);
    expect(run.stdout).toMatch(/Need lines not served in full \(1\):[\s\S]*low +Low rice +RICE-5KG +40 +80 +outranked/);
  }, 120_000);

  it('says what is wrong with its options, and has --help', async () => {
    const badOrg = await karvan(['plan', '--organisation', 'isfahan']);
    expect(badOrg.code).toBe(1);
    expect(badOrg.stderr).toMatch(/--organisation: give the id of the organisation/);
    const badDate = await karvan(['plan', '--plan-date', '2020-01-01']);
    expect(badDate.code).toBe(1);
    expect(badDate.stderr).toMatch(/planDate: plans start today or later/);
    const badSector = await karvan(['plan', '--shelf-life', 'medicine=3']);
    expect(badSector.code).toBe(1);
    expect(badSector.stderr).toMatch(/write sector=days/);
    const help = await karvan(['plan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--time-limit <seconds>/);
  }, 120_000);
});
