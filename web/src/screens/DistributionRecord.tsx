import { useState } from 'react';
import { api, ApiError, unwrap, type DistributionPlan, type EntitlementCheck, type Household, type Item, type OrganisationRef, type Distribution } from '../api/client';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { localError } from '../ui/errors';
import { Form, TextAreaField, TextField, useFormState } from '../ui/Form';
import { HouseholdFacts, householdRef, readHouseholdCode } from '../ui/households';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { SelectFilter } from '../ui/Filters';
import { canScan, ScanButton } from '../ui/QrScanner';
import { PlanFactRows } from '../ui/PlanFacts';
import { newId } from '../ui/stock';
import { useLoad } from '../ui/useLoad';

/** What one household receives under the plan: each line times the household's count on its basis. */
export function householdShare(plan: DistributionPlan, household: Household): { itemId: string; quantityUnits: number }[] {
  const basis = { household: 1, member: household.memberCount, child_under_5: household.childrenUnder5Count, school_age_child: household.schoolAgeChildrenCount };
  return plan.lines.map((l) => ({ itemId: l.item.id, quantityUnits: l.quantityUnits * basis[l.per] })).filter((l) => l.quantityUnits > 0);
}

/** Now, by this device's clock, with its offset: the date in it is the day at the site. */
function deviceTime(now = new Date()): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -now.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

/**
 * At a distribution, on a field officer's phone: choose the plan, find the household by its code
 * (typed, or read from its card's QR code with the camera), see what it may receive before the
 * family signs, then record the distribution with the voucher handed in. A coordinator may set a
 * rule aside, with the reason.
 */
export default function DistributionRecord() {
  const acting = useActingOrganisations('distributions:write', 'partner');
  return <Load state={acting}>{(candidates) => <RecordScreen candidates={candidates} />}</Load>;
}

function RecordScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const organisationId = organisation?.id;
  const data = useLoad(
    async () =>
      organisationId
        ? Promise.all([
            unwrap(api.GET('/api/organisations/{organisationId}/distribution-plans', { params: { path: { organisationId }, query: {} } })),
            unwrap(api.GET('/api/items', { params: { query: {} } })),
          ])
        : Promise.resolve([[], []] as [DistributionPlan[], Item[]]),
    [organisationId],
  );
  if (!organisation) return <NotAllowed title={t('distribute.title')} reason={t('distribute.notAllowed')} />;
  return (
    <div data-screen="distribute">
      <PageHeader title={t('distribute.title')}>
        <p>{t('distribute.intro')}</p>
      </PageHeader>
      <Load state={data}>{([plans, items]) => <Recorder organisation={organisation} candidates={candidates} plans={plans} items={items} />}</Load>
    </div>
  );
}

function Recorder({ organisation, candidates, plans, items }: { organisation: OrganisationRef; candidates: OrganisationRef[]; plans: DistributionPlan[]; items: Item[] }) {
  const { t, nameOf, formatDay, formatDateTime, formatNumber } = useI18n();
  const [query, setQuery] = useQuery();
  // A closed plan takes nothing recorded now: the first open one is the likelier choice.
  const plan = plans.find((p) => p.id === query.get('plan')) ?? plans.find((p) => p.status === 'open') ?? plans[0];
  const [household, setHousehold] = useState<Household | null>(null);
  const [recorded, setRecorded] = useState<{ distribution: Distribution; household: Household } | null>(null);
  const itemName = (id: string) => {
    const item = items.find((i) => i.id === id);
    return item ? nameOf(item.names) : id;
  };
  const itemUnit = (id: string) => items.find((i) => i.id === id)?.unit ?? '';

  return (
    <>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
        {plans.length > 0 && (
          <SelectFilter
            label={t('distribute.plan')}
            value={plan?.id ?? ''}
            onChange={(value) => {
              setHousehold(null);
              setRecorded(null);
              setQuery({ plan: value });
            }}
            options={plans.map((p) => {
              const vars = { title: p.title, site: nameOf(p.site.names), date: formatDay(p.plannedOn) };
              return { value: p.id, label: p.status === 'open' ? t('distribute.planLabel', vars) : t('distribute.planLabelClosed', vars) };
            })}
          />
        )}
      </div>
      {!plan ? (
        <p className="notice notice-warning">{t('distribute.noPlans')}</p>
      ) : (
        <>
          {/* While a household is at the table, the plan's facts make way for it on a small screen. */}
          {!household && (
          <section className="panel" aria-labelledby="plan-facts" data-plan={plan.id}>
            <h2 id="plan-facts">
              <bdi>{plan.title}</bdi>
            </h2>
            <dl className="facts">
              <PlanFactRows plan={plan} />
              <dt>{t('distribute.eachReceives')}</dt>
              <dd>
                <ul className="plain-list">
                  {plan.lines.map((l) => (
                    <li key={l.item.id}>
                      {t(`distribute.per.${l.per}`, { quantity: formatNumber(l.quantityUnits), item: itemName(l.item.id) })}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
            <p className="small">
              <Link to={`/distributions/plans/${organisation.id}/${plan.id}`}>{t('distribute.openPlan')}</Link>
            </p>
          </section>
          )}
          {recorded && (
            <div className="notice notice-ok" role="status" data-recorded={recorded.distribution.id}>
              <p>
                <strong>{t('distribute.recorded', { household: householdRef(recorded.household) })}</strong>
              </p>
              <ul className="plain-list">
                {recorded.distribution.lines.map((l) => (
                  <li key={l.itemId}>
                    {formatNumber(l.quantityUnits)} {itemUnit(l.itemId)} · {itemName(l.itemId)}
                  </li>
                ))}
              </ul>
              {recorded.distribution.exception && <p>{t('distribute.recordedException')}</p>}
            </div>
          )}
          {plan.closedAt ? (
            <p className="notice notice-warning" data-plan-closed>
              {t('distribute.planClosed', { date: formatDateTime(plan.closedAt) })}
            </p>
          ) : household ? (
            <Confirm
              key={`${plan.id}:${household.id}`}
              organisationId={organisation.id}
              plan={plan}
              household={household}
              itemName={itemName}
              itemUnit={itemUnit}
              onCancel={() => setHousehold(null)}
              onRecorded={(distribution) => {
                setRecorded({ distribution, household });
                setHousehold(null);
              }}
            />
          ) : (
            <FindHousehold
              organisationId={organisation.id}
              onFound={(found) => {
                setRecorded(null);
                setHousehold(found);
              }}
            />
          )}
        </>
      )}
    </>
  );
}

function FindHousehold({ organisationId, onFound }: { organisationId: string; onFound(household: Household): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const form = useFormState();
  const scannable = canScan();

  const find = (text: string) =>
    form.run(async () => {
      const read = readHouseholdCode(text);
      if (!read) throw localError('not_a_household_code', 'householdCode');
      let found: Household | undefined;
      if ('id' in read) {
        try {
          found = await unwrap(api.GET('/api/organisations/{organisationId}/households/{householdId}', { params: { path: { organisationId, householdId: read.id } } }));
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
      } else {
        // Two households of a partner may share the short reference's 8 digits (rarely): then the QR code, which holds the whole id, tells them apart.
        const matches = await unwrap(api.GET('/api/organisations/{organisationId}/households', { params: { path: { organisationId }, query: { code: read.prefix, limit: 2 } } }));
        if (matches.length > 1) throw localError('household_code_ambiguous', 'householdCode');
        found = matches[0];
      }
      if (!found) throw localError('household_not_found', 'householdCode');
      setCode('');
      onFound(found);
    });

  return (
    <section className="panel" aria-labelledby="find-household" data-find-household>
      <h2 id="find-household">{t('distribute.findHousehold')}</h2>
      <Form state={form} onSubmit={() => void find(code)} submitLabel={t('distribute.find')}>
        <TextField
          name="householdCode"
          label={t('distribute.householdCode')}
          hint={scannable ? t('distribute.householdCodeHintScan') : t('distribute.householdCodeHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          dir="ltr"
          value={code}
          onChange={setCode}
        />
        <ScanButton
          onCode={(scanned) => {
            setCode(scanned);
            void find(scanned);
          }}
        />
      </Form>
    </section>
  );
}

function Confirm(props: {
  organisationId: string;
  plan: DistributionPlan;
  household: Household;
  itemName(id: string): string;
  itemUnit(id: string): string;
  onCancel(): void;
  onRecorded(distribution: Distribution): void;
}) {
  const { t, formatNumber, formatDay } = useI18n();
  const session = useSession();
  const { organisationId, plan, household } = props;
  const share = householdShare(plan, household);
  const today = todayHere();
  const check = useLoad(
    async (): Promise<EntitlementCheck | null> =>
      share.length === 0 ? null : unwrap(api.POST('/api/organisations/{organisationId}/entitlements/check', { params: { path: { organisationId } }, body: { householdId: household.id, on: today, lines: share } })),
    [organisationId, household.id, plan.id],
  );
  const [voucher, setVoucher] = useState('');
  const [reason, setReason] = useState('');
  const [recordId] = useState(newId);
  const form = useFormState();
  const mayExcept = session.can('distributions:manage', organisationId);

  const submit = (refused: boolean) =>
    form.run(async () => {
      if (!voucher.trim()) throw localError('required', 'proof.code');
      if (refused && !reason.trim()) throw localError('required', 'exception.reason');
      const distribution = await unwrap(
        api.POST('/api/organisations/{organisationId}/distributions', {
          params: { path: { organisationId } },
          body: {
            id: recordId,
            planId: plan.id,
            householdId: household.id,
            distributedAt: deviceTime(),
            proof: { kind: 'voucher', code: voucher },
            ...(refused ? { exception: { reason } } : {}),
          },
        }),
      );
      props.onRecorded(distribution);
    });

  return (
    <section className="panel" aria-labelledby="confirm-household" data-confirm={household.id}>
      <h2 id="confirm-household">{t('household.title', { reference: householdRef(household) })}</h2>
      <HouseholdFacts household={household} />
      <h3>{t('distribute.share')}</h3>
      {share.length === 0 ? (
        <p className="notice notice-warning">{t('distribute.nothingToReceive')}</p>
      ) : (
        <ul className="plain-list" data-share>
          {share.map((l) => (
            <li key={l.itemId}>
              <strong>
                {formatNumber(l.quantityUnits)} {props.itemUnit(l.itemId)}
              </strong>{' '}
              · {props.itemName(l.itemId)}
            </li>
          ))}
        </ul>
      )}
      <Load state={check}>
        {(answer) => {
          const refused = answer !== null && !answer.allowed;
          return (
            <>
              {answer && (
                <div className="check-result" data-allowed={answer.allowed}>
                  <div className={`notice ${answer.allowed ? 'notice-ok' : 'notice-error'} verdict`} role="status">
                    <strong>{answer.allowed ? t('check.allowed') : t('check.refused')}</strong> {t('check.verdictOn', { date: formatDay(today) })}
                  </div>
                  {answer.outcomes.length > 0 && (
                    <ul className="outcomes">
                      {answer.outcomes.map((o) => {
                        const vars = {
                          allowed: o.allowedUnits,
                          used: o.usedUnits,
                          proposed: o.proposedUnits,
                          remaining: o.remainingUnits,
                          from: formatDay(o.window.from),
                          to: formatDay(o.window.to),
                        };
                        return (
                          <li key={o.ruleId} className={o.ok ? 'outcome-ok' : 'outcome-refused'} data-outcome={o.ok ? 'ok' : 'refused'}>
                            <strong>
                              <span aria-hidden="true">{o.ok ? '✓' : '✗'}</span> {props.itemName(o.itemId)}
                            </strong>
                            <p className="outcome-reason">{o.ok ? t('check.fits', vars) : t('check.reason', vars)}</p>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </div>
              )}
              {refused && !mayExcept ? (
                <>
                  <p className="notice notice-warning" data-needs-coordinator>
                    {t('distribute.askCoordinator')}
                  </p>
                  <button type="button" onClick={props.onCancel}>
                    {t('distribute.another')}
                  </button>
                </>
              ) : (
                share.length > 0 && (
                  <Form
                    state={form}
                    onSubmit={() => void submit(refused)}
                    submitLabel={refused ? t('distribute.recordException') : t('distribute.record')}
                    actions={
                      <button type="button" className="button-quiet" onClick={props.onCancel}>
                        {t('distribute.another')}
                      </button>
                    }
                  >
                    <TextField
                      name="proof.code"
                      label={t('distribute.voucher')}
                      hint={t('distribute.voucherHint')}
                      autoComplete="off"
                      autoCapitalize="characters"
                      spellCheck={false}
                      dir="ltr"
                      value={voucher}
                      onChange={setVoucher}
                    />
                    {refused && (
                      <TextAreaField name="exception.reason" label={t('distribute.exceptionReason')} hint={t('distribute.exceptionHint')} rows={3} value={reason} onChange={setReason} />
                    )}
                  </Form>
                )
              )}
            </>
          );
        }}
      </Load>
      <p className="small">
        <Link to={`/households/${organisationId}/${household.id}`}>{t('distribute.openHousehold')}</Link>
      </p>
    </section>
  );
}
