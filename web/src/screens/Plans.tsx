import { useState } from 'react';
import { api, unwrap, type AllocationLine, type AllocationPlan, type OrganisationRef, type UnmetNeed } from '../api/client';
import { priorities } from '../api/enums';
import { useI18n, type I18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SelectFilter } from '../ui/Filters';
import { Form, TextField, useFormState } from '../ui/Form';
import { Lanes } from '../ui/Lanes';
import { Load } from '../ui/Loading';
import { optionalNumber, requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { PriorityTag } from '../ui/Tags';
import { useLoad } from '../ui/useLoad';

/**
 * The allocation planner for a sending organisation: run it, read which stock goes to which need
 * line on which lane and day (and why), which need lines stay short and what stopped them, and
 * how much of what is outstanding the plan covers. The plan shown is kept in the address
 * (`?plan=`), so a link shows the same plan to a colleague.
 */
export default function Plans() {
  const { t } = useI18n();
  const organisations = useActingOrganisations('planning:read', 'sending');
  return (
    <Load state={organisations}>
      {(candidates) => (candidates.length === 0 ? <NotAllowed title={t('plan.title')} reason={t('plan.noOrganisation')} /> : <PlansOf candidates={candidates} />)}
    </Load>
  );
}

function PlansOf({ candidates }: { candidates: OrganisationRef[] }) {
  const i18n = useI18n();
  const { t, formatDateTime, formatPercent } = i18n;
  const session = useSession();
  const [query, setQuery] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'))!;
  const organisationId = organisation.id;
  const planId = query.get('plan');
  const plans = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/plans', { params: { path: { organisationId }, query: {} } })),
    [organisationId],
    { keep: true },
  );
  const plan = useLoad(
    async () => (planId ? unwrap(api.GET('/api/organisations/{organisationId}/plans/{planId}', { params: { path: { organisationId, planId } } })) : null),
    [organisationId, planId],
    { keep: true },
  );
  const mayPlan = session.can('planning:write', organisationId);

  return (
    <>
      <PageHeader title={t('plan.title')}>
        <p>{t('plan.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('plan.organisation')} />
        <Load state={plans}>
          {(list) =>
            list.length === 0 ? null : (
              <SelectFilter
                label={t('plan.shown')}
                value={planId ?? ''}
                onChange={(value) => setQuery({ plan: value || undefined })}
                options={[
                  { value: '', label: t('plan.choose') },
                  ...list.map((p) => ({
                    value: p.id,
                    label: t('plan.listEntry', { when: formatDateTime(p.createdAt), coverage: formatPercent(p.coverage), status: t(`plan.status.${p.status}`) }),
                  })),
                ]}
              />
            )
          }
        </Load>
      </div>
      {mayPlan && (
        <RunPlanner
          organisationId={organisationId}
          onPlanned={(id) => {
            plans.reload();
            setQuery({ plan: id });
          }}
        />
      )}
      <Load state={plan}>
        {(p) =>
          p ? (
            <>
              <AcceptPlan
                plan={p}
                organisationId={organisationId}
                mayAccept={mayPlan}
                onAccepted={() => {
                  plan.reload();
                  plans.reload();
                }}
              />
              <PlanShown plan={p} />
            </>
          ) : (
            <p className="empty">{t('plan.none')}</p>
          )
        }
      </Load>
      <Lanes organisationId={organisationId} mayChange={mayPlan} />
    </>
  );
}

function RunPlanner({ organisationId, onPlanned }: { organisationId: string; onPlanned(planId: string): void }) {
  const { t } = useI18n();
  const numberText = useNumberText();
  const [timeLimit, setTimeLimit] = useState(numberText(2));
  const [shelfLife, setShelfLife] = useState(numberText(90));
  const [healthShelfLife, setHealthShelfLife] = useState('');
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      const health = optionalNumber(healthShelfLife, 'minShelfLifeDaysBySector.health');
      const plan = await unwrap(
        api.POST('/api/organisations/{organisationId}/plans', {
          params: { path: { organisationId } },
          body: {
            timeLimitSeconds: requiredNumber(timeLimit, 'timeLimitSeconds'),
            minShelfLifeDays: requiredNumber(shelfLife, 'minShelfLifeDays'),
            minShelfLifeDaysBySector: health === null ? {} : { health },
          },
        }),
      );
      onPlanned(plan.id);
    });
  return (
    <section className="panel" aria-labelledby="run-planner">
      <h2 id="run-planner">{t('plan.run')}</h2>
      <Form state={form} onSubmit={() => void submit()} submitLabel={t('plan.runSubmit')} className="form form-inline">
        <TextField name="timeLimitSeconds" label={t('plan.timeLimit')} hint={t('plan.timeLimitHint')} inputMode="decimal" value={timeLimit} onChange={setTimeLimit} />
        <TextField name="minShelfLifeDays" label={t('plan.minShelfLife')} hint={t('plan.minShelfLifeHint')} inputMode="numeric" value={shelfLife} onChange={setShelfLife} />
        <TextField
          name="minShelfLifeDaysBySector.health"
          label={t('plan.minShelfLifeHealth')}
          hint={t('plan.minShelfLifeHealthHint')}
          inputMode="numeric"
          value={healthShelfLife}
          onChange={setHealthShelfLife}
        />
      </Form>
    </section>
  );
}

/** Accepting turns the plan's lines from stock into draft consignments, which the builder then packs and sends. */
function AcceptPlan({ plan, organisationId, mayAccept, onAccepted }: { plan: AllocationPlan; organisationId: string; mayAccept: boolean; onAccepted(): void }) {
  const { t, formatNumber } = useI18n();
  const form = useFormState();
  if (plan.status === 'accepted') {
    return (
      <section className="panel" aria-labelledby="plan-accepted" data-accepted>
        <h2 id="plan-accepted">{t('plan.consignmentsMade', { count: formatNumber(plan.consignmentIds.length) })}</h2>
        <ul className="plain-list">
          {plan.consignmentIds.map((id, i) => (
            <li key={id}>
              <Link to={`/consignments/${organisationId}/${id}`}>{t('plan.consignmentLink', { n: formatNumber(i + 1) })}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  if (!mayAccept) return null;
  const accept = () =>
    form.run(async () => {
      await unwrap(api.POST('/api/organisations/{organisationId}/plans/{planId}/accept', { params: { path: { organisationId, planId: plan.id } }, body: {} }));
      onAccepted();
    });
  return (
    <section className="panel" aria-labelledby="plan-accept">
      <h2 id="plan-accept">{t('plan.accept')}</h2>
      <Form state={form} onSubmit={() => void accept()} submitLabel={t('plan.acceptSubmit')} className="form form-inline">
        <p>{t('plan.acceptIntro')}</p>
      </Form>
    </section>
  );
}

function PlanShown({ plan }: { plan: AllocationPlan }) {
  const i18n = useI18n();
  const { t, formatNumber, formatPercent, formatDateTime, formatDay, nameOf } = i18n;
  const s = plan.summary;
  const o = plan.optimality;
  return (
    <article className="plan" data-plan={plan.id} data-status={plan.status}>
      <h2>
        {t('plan.heading', { date: formatDay(plan.planDate) })} <span className={`tag tag-plan-${plan.status}`}>{t(`plan.status.${plan.status}`)}</span>
      </h2>
      <dl className="facts">
        <dt>{t('plan.coverage')}</dt>
        <dd data-coverage={s.coverage}>{formatPercent(s.coverage)}</dd>
        <dt>{t('plan.made')}</dt>
        <dd>
          <time dateTime={plan.createdAt}>{formatDateTime(plan.createdAt)}</time>
        </dd>
        <dt>{t('plan.optimality')}</dt>
        <dd data-proven={o.proven}>
          {o.proven
            ? t('plan.proven')
            : o.gap
              ? t('plan.gap', { priority: t(`priority.${o.gap.priority}`), planned: formatNumber(o.gap.plannedUnits), bound: formatNumber(o.gap.boundUnits) })
              : t('plan.notProven')}
        </dd>
        <dt>{t('plan.input')}</dt>
        <dd>
          {t('plan.inputCounts', {
            needLines: formatNumber(plan.input.needLines),
            lots: formatNumber(plan.input.lots),
            pledges: formatNumber(plan.input.pledges),
            lanes: formatNumber(plan.input.lanes),
          })}
        </dd>
      </dl>
      <Table
        rows={priorities.filter((p) => s.outstandingUnits[p] > 0)}
        rowKey={(p) => p}
        empty={t('plan.nothingOutstanding')}
        rowProps={(p) => ({ 'data-priority': p })}
        columns={[
          { header: t('need.priority'), cell: (p) => <PriorityTag priority={p} /> },
          { header: t('plan.served'), numeric: true, cell: (p) => formatNumber(s.servedUnits[p]) },
          { header: t('plan.outstanding'), numeric: true, cell: (p) => formatNumber(s.outstandingUnits[p]) },
          { header: t('plan.share'), numeric: true, cell: (p) => formatPercent(s.servedUnits[p] / s.outstandingUnits[p]) },
        ]}
      />

      <h3>{t('plan.allocations', { count: formatNumber(plan.allocations.length) })}</h3>
      <Table
        rows={plan.allocations}
        rowKey={(a) => `${a.needLineId}/${a.laneId}/${a.dispatchOn}/${sourceKey(a)}`}
        empty={t('plan.noAllocations')}
        rowProps={(a) => ({ 'data-need-line': a.needLineId, 'data-source': a.source.kind })}
        columns={[
          { header: t('need.priority'), cell: (a) => <PriorityTag priority={a.priority} /> },
          { header: t('plan.need'), cell: (a) => <NeedCell line={a} /> },
          { header: t('plan.item'), cell: (a) => nameOf(a.item.names) },
          { header: t('plan.units'), numeric: true, cell: (a) => formatNumber(a.quantityUnits) },
          { header: t('plan.lane'), cell: (a) => t('plan.laneEnds', { from: nameOf(a.from.names), to: nameOf(a.to.names) }) },
          { header: t('plan.leaves'), cell: (a) => <time dateTime={a.dispatchOn}>{formatDay(a.dispatchOn)}</time> },
          { header: t('plan.arrives'), cell: (a) => <time dateTime={a.arrivesOn}>{formatDay(a.arrivesOn)}</time> },
          { header: t('plan.reason'), cell: (a) => <span className="reason">{reasonOf(i18n, a)}</span> },
        ]}
      />

      <h3>{t('plan.unmet', { count: formatNumber(plan.unmet.length) })}</h3>
      <Table
        rows={plan.unmet}
        rowKey={(u) => u.needLineId}
        empty={t('plan.allServed')}
        rowProps={(u) => ({ 'data-need-line': u.needLineId, 'data-constraint': u.constraint })}
        columns={[
          { header: t('need.priority'), cell: (u) => <PriorityTag priority={u.priority} /> },
          { header: t('plan.need'), cell: (u) => <NeedCell line={u} /> },
          { header: t('plan.item'), cell: (u) => nameOf(u.item.names) },
          { header: t('plan.short'), numeric: true, cell: (u) => t('plan.shortOf', { short: formatNumber(u.shortUnits), outstanding: formatNumber(u.outstandingUnits) }) },
          { header: t('plan.constraint'), cell: (u) => <span className={`tag tag-constraint-${u.constraint}`}>{t(`plan.constraint.${u.constraint}`)}</span> },
          { header: t('plan.why'), cell: (u) => t(`plan.constraintWhy.${u.constraint}`) },
        ]}
      />
    </article>
  );
}

const sourceKey = (a: AllocationLine) => (a.source.kind === 'lot' ? a.source.lotId : a.source.kind === 'pledge' ? a.source.pledgeLineId : 'kits');

function NeedCell({ line }: { line: AllocationLine | UnmetNeed }) {
  const { t, nameOf, formatDay } = useI18n();
  return (
    <>
      <Link to={`/needs/${line.needId}`}>{line.needTitle}</Link>
      <br />
      <small>{t('plan.needFacts', { partner: nameOf(line.partner.names), place: nameOf(line.needLocation.names), date: formatDay(line.neededBy) })}</small>
    </>
  );
}

/** Why this line, in the reader's language, from the line's facts (the API's `reason` is the same in English). */
function reasonOf({ t, formatDay, nameOf }: I18n, a: AllocationLine): string {
  const source =
    a.source.kind === 'lot'
      ? a.source.expiryDate
        ? t('plan.fromLotExpiring', { lot: a.source.lotCode, date: formatDay(a.source.expiryDate) })
        : t('plan.fromLot', { lot: a.source.lotCode })
      : a.source.kind === 'pledge'
        ? t('plan.fromPledge', { date: formatDay(a.source.expectedOn) })
        : t('plan.fromKits', { lots: a.source.components.map((c) => c.lotCode).join(', ') });
  return t('plan.reasonText', { priority: t(`priority.${a.priority}`), source, from: nameOf(a.from.names), neededBy: formatDay(a.neededBy) });
}
