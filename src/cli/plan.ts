import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { sectors, type Sector } from '../domain/catalogue.js';
import { nameIn } from '../domain/names.js';
import { PlanRequest, type PlanView } from '../domain/planning/plans.js';
import { operator } from '../services/context.js';
import { listOrganisations } from '../services/organisations.js';
import { planAllocationsFor } from '../services/planning/plans.js';
import { withStore } from './runtime.js';

const flag: Record<string, string> = { planDate: '--plan-date', timeLimitSeconds: '--time-limit', minShelfLifeDays: '--min-shelf-life' };

export interface PlanOptions {
  organisation?: string;
  timeLimit?: number;
  planDate?: string;
  minShelfLife?: number;
  shelfLife?: Partial<Record<Sector, number>>;
  json?: boolean;
}

/** `--shelf-life health=180`, repeatable: the minimum shelf life on arrival for one sector. */
export function sectorShelfLife(value: string, previous: Partial<Record<Sector, number>> = {}): Partial<Record<Sector, number>> {
  const m = /^([a-z_]+)=(\d+)$/.exec(value);
  if (!m || !(sectors as readonly string[]).includes(m[1]!)) {
    throw new InvalidArgumentError(`write sector=days, with a sector among ${sectors.join(', ')}`);
  }
  return { ...previous, [m[1] as Sector]: Number(m[2]) };
}

/**
 * Runs the allocation planner for a sending organisation as the operator, keeps the plan (as the
 * API does) and prints it: JSON with --json (the API's view), else a table. Progress goes to
 * standard error, so standard output stays the plan alone.
 */
export async function planCommand(options: PlanOptions): Promise<void> {
  const parsed = PlanRequest.safeParse({
    ...(options.planDate === undefined ? {} : { planDate: options.planDate }),
    ...(options.timeLimit === undefined ? {} : { timeLimitSeconds: options.timeLimit }),
    ...(options.minShelfLife === undefined ? {} : { minShelfLifeDays: options.minShelfLife }),
    minShelfLifeDaysBySector: options.shelfLife ?? {},
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${flag[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('; '));
  const request = parsed.data;
  if (options.organisation !== undefined && !z.uuid().safeParse(options.organisation).success) {
    throw new Error('--organisation: give the id of the organisation (a UUID, as `GET /api/organisations` lists them)');
  }
  await withStore(async (store) => {
    const ctx = { db: store.db, actor: operator };
    let organisationId = options.organisation;
    if (!organisationId) {
      const sending = await listOrganisations(ctx, 'sending');
      if (sending.length !== 1) {
        const listed = sending.map((o) => `  ${o.id}  ${nameIn(o.names, 'en')}`).join('\n');
        throw new Error(
          sending.length === 0
            ? 'there is no sending organisation to plan for'
            : `${sending.length} sending organisations: choose one with --organisation <id>\n${listed}`,
        );
      }
      organisationId = sending[0]!.id;
    }
    const plan = await planAllocationsFor(ctx, organisationId, request, { progress: (message) => console.error(`karvan plan: ${message}`) });
    console.log(options.json ? JSON.stringify(plan, null, 2) : describePlan(plan).join('\n'));
  });
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The plan for people: what is served, line by line, and what is short and why. */
export function describePlan(plan: PlanView): string[] {
  const s = plan.summary;
  const served = (['critical', 'high', 'medium', 'low'] as const).map((p) => `${p} ${s.servedUnits[p]}/${s.outstandingUnits[p]}`).join(', ');
  const o = plan.optimality;
  const out = [
    `Plan ${plan.id} for ${plan.planDate} (${plan.input.needLines} need lines, ${plan.input.lots} lots, ${plan.input.pledges} pledges, ${plan.input.lanes} lanes; ${plan.elapsedMs} ms)`,
    `Coverage ${percent(s.coverage)}; units served of outstanding: ${served}`,
    o.proven
      ? `Proven optimal (${o.method}).`
      : `Not proven optimal (${o.method}); proven: ${o.provenPriorities.join(', ') || 'none'}${o.gap ? `; ${o.gap.priority}: ${o.gap.plannedUnits} planned, at most ${o.gap.boundUnits} possible` : ''}.`,
    '',
  ];
  if (plan.allocations.length === 0) out.push('No allocation lines.');
  else {
    out.push(`Allocation lines (${plan.allocations.length}):`);
    out.push(
      ...table(
        ['priority', 'need', 'item', 'units', 'from', 'to', 'leaves', 'arrives', 'source'],
        plan.allocations.map((a) => [
          a.priority,
          a.needTitle,
          a.item.code,
          String(a.quantityUnits),
          nameIn(a.from.names, 'en'),
          nameIn(a.to.names, 'en'),
          a.dispatchOn,
          a.arrivesOn,
          a.source.kind === 'lot' ? `lot ${a.source.lotCode}` : a.source.kind === 'pledge' ? 'pledge' : 'kits assembled',
        ]),
      ),
    );
  }
  out.push('');
  if (plan.unmet.length === 0) out.push('Every need line is served in full.');
  else {
    out.push(`Need lines not served in full (${plan.unmet.length}):`);
    out.push(
      ...table(
        ['priority', 'need', 'item', 'short', 'of', 'constraint', 'why'],
        plan.unmet.map((u) => [u.priority, u.needTitle, u.item.code, String(u.shortUnits), String(u.outstandingUnits), u.constraint, u.detail]),
      ),
    );
  }
  return out;
}
