import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { roles } from '../../src/domain/access.js';
import { sectors } from '../../src/domain/catalogue.js';
import { locationLevels, siteKinds } from '../../src/domain/locations.js';
import { languages } from '../../src/domain/names.js';
import { organisationKinds } from '../../src/domain/organisations.js';
import { entitlementBases, windowKinds } from '../../src/domain/entitlements/rules.js';
import { consignmentEventKinds, consignmentStatuses } from '../../src/domain/consignments/states.js';
import { handlingUnitKinds } from '../../src/domain/consignments/packing.js';
import { inspectionOutcomes, transportModes } from '../../src/domain/consignments/inputs.js';
import { vulnerabilityFlags } from '../../src/domain/households/household.js';
import { needStatuses, priorities } from '../../src/domain/needs/need.js';
import { needEventKinds } from '../../src/domain/needs/workflow.js';
import { donorKinds, pledgeLineKinds, pledgeStatuses } from '../../src/domain/pledges/pledge.js';
import { unmetConstraints } from '../../src/domain/planner/types.js';
import { planStatuses } from '../../src/domain/planning/plans.js';
import { planStatuses as distributionPlanStatuses } from '../../src/domain/distributions/plan.js';
import { stockCountStatuses } from '../../src/domain/ledger/views.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const webSrc = path.join(root, 'web', 'src');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const text = Object.fromEntries(languages.map((l) => [l, read(`web/src/i18n/${l}.json`)])) as Record<(typeof languages)[number], string>;
const messages = Object.fromEntries(languages.map((l) => [l, JSON.parse(text[l]) as Record<string, string>])) as Record<
  (typeof languages)[number],
  Record<string, string>
>;
const en = messages.en;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}
const code = sourceFiles(webSrc).map((file) => ({ file: path.relative(root, file), source: readFileSync(file, 'utf8') }));

/** Keys written out in the code: t('key'), t(`key`), nav labels, and the codes of local errors. */
function literalKeys(): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  for (const { file, source } of code) {
    for (const m of source.matchAll(/\bt\(\s*(['`])([^'`$]+)\1/g)) found.push({ key: m[2]!, file });
    for (const m of source.matchAll(/\blabel: '([a-z]+\.[\w.]+)'/g)) found.push({ key: m[1]!, file });
    for (const m of source.matchAll(/\blocalError\('(\w+)'/g)) found.push({ key: `error.${m[1]}`, file });
  }
  return found;
}

/** Keys made at run time: t(`sector.${s}`) gives the prefix `sector.`. */
function keyPrefixes(): string[] {
  const prefixes = new Set<string>();
  for (const { source } of code) for (const m of source.matchAll(/\bt\(\s*`([\w.]+\.)\$\{/g)) prefixes.add(m[1]!);
  return [...prefixes];
}

describe('translations', () => {
  it.each(['fa', 'ar'] as const)('%s has every English key and no other', (language) => {
    expect(Object.keys(messages[language]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(languages)('%s defines each key once and leaves none empty', (language) => {
    const written = [...text[language].matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]);
    expect(written.length).toBe(new Set(written).size);
    for (const [key, value] of Object.entries(messages[language])) expect(value.trim(), key).not.toBe('');
  });

  it.each(['fa', 'ar'] as const)('%s keeps the placeholders of each English text', (language) => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(en)) expect(placeholders(messages[language][key]!), key).toEqual(placeholders(value));
  });

  it.each(['fa', 'ar'] as const)('%s is written in its own script, not left in English', (language) => {
    const arabicScript = /[\u0600-\u06FF]/;
    // Language names are shown in their own script in every language, so a reader finds theirs.
    const untranslated = Object.entries(messages[language]).filter(([key, value]) => !key.startsWith('language.') && !arabicScript.test(value));
    expect(untranslated.map(([key]) => key)).toEqual(['locations.pcode']);
  });

  it('has a text for every key the code uses', () => {
    const used = literalKeys();
    // The scan itself must find the keys, or this test would pass on nothing.
    expect(used.length).toBeGreaterThan(150);
    expect(keyPrefixes()).toEqual(expect.arrayContaining(['sector.', 'role.', 'siteKind.', 'nav.section.', 'vulnerability.', 'priority.', 'needStatus.']));
    expect(used.filter(({ key }) => !(key in en))).toEqual([]);
    for (const prefix of keyPrefixes()) expect(Object.keys(en).some((k) => k.startsWith(prefix)), prefix).toBe(true);
  });

  it('names every value of the server’s enumerations', () => {
    const enumerations: Record<string, readonly string[]> = {
      'sector.': sectors,
      'organisationKind.': organisationKinds,
      'role.': roles,
      'locationLevel.': locationLevels,
      'siteKind.': siteKinds,
      'language.': languages,
      'names.': languages,
      'priority.': priorities,
      'needStatus.': needStatuses,
      'needEvent.': needEventKinds,
      'pledgeStatus.': pledgeStatuses,
      'donorKind.': donorKinds,
      'pledgeLineKind.': pledgeLineKinds,
      'vulnerability.': vulnerabilityFlags,
      'rule.per.': entitlementBases,
      'rules.windowKind.': windowKinds,
      'consignmentStatus.': consignmentStatuses,
      'consignmentEvent.': consignmentEventKinds,
      'handlingUnitKind.': handlingUnitKinds,
      'transportMode.': transportModes,
      'inspectionOutcome.': inspectionOutcomes,
      'plan.status.': planStatuses,
      'distPlan.status.': distributionPlanStatuses,
      'count.status.': stockCountStatuses,
      'plan.constraint.': unmetConstraints,
      'plan.constraintWhy.': unmetConstraints,
    };
    for (const [prefix, values] of Object.entries(enumerations)) {
      for (const value of values) expect(en, `${prefix}${value}`).toHaveProperty([`${prefix}${value}`]);
    }
  });

  it('explains every error code the server can send', () => {
    const serverCodes = new Set(['internal_error', 'bad_request']);
    for (const m of read('src/domain/errors.ts').matchAll(/^\s+(\w+): \d{3},$/gm)) serverCodes.add(m[1]!);
    for (const m of read('src/http/errors.ts').matchAll(/^\s+\d{3}: '(\w+)',$/gm)) serverCodes.add(m[1]!);
    expect(serverCodes.size).toBeGreaterThan(10);
    expect([...serverCodes].filter((c) => !(`error.${c}` in en))).toEqual([]);
  });

  it('explains every refusal reason the server can send', () => {
    const services = sourceFiles(path.join(root, 'src')).map((file) => readFileSync(file, 'utf8'));
    const reasons = new Set(services.flatMap((source) => [...source.matchAll(/\breason: '(\w+)'/g)].map((m) => m[1]!)));
    expect(reasons).toContain('entitlement_exceeded');
    expect([...reasons].filter((r) => !(`error.reason.${r}` in en))).toEqual([]);
  });
});
