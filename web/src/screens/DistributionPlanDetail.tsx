import { useState } from 'react';
import { api, unwrap, type DistributionPlan } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { Form, TextAreaField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { PlanFactRows } from '../ui/PlanFacts';
import { DistributionPlanStatusTag } from '../ui/Tags';
import { useLoad } from '../ui/useLoad';

/**
 * One distribution plan: where and when, households served of those expected, what was issued to
 * the site and handed out, whether it is open; and for a coordinator, closing it when the
 * distribution is over.
 */
export default function DistributionPlanDetail({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const planId = params.planId!;
  const data = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/distribution-plans/{planId}', { params: { path: { organisationId, planId } } })),
    [organisationId, planId],
  );
  return <Load state={data}>{(plan) => <PlanView plan={plan} onClosed={data.reload} />}</Load>;
}

function PlanView({ plan, onClosed }: { plan: DistributionPlan; onClosed(): void }) {
  const { t, nameOf, formatDateTime, formatNumber } = useI18n();
  const session = useSession();
  const open = plan.status === 'open';
  return (
    <div data-screen="distribution-plan" data-plan={plan.id} data-plan-status={plan.status}>
      <PageHeader
        title={plan.title}
        actions={
          open &&
          session.can('distributions:write', plan.organisationId) && (
            <Link className="button button-primary" to={`/distributions/record?organisation=${plan.organisationId}&plan=${plan.id}`}>
              {t('distPlan.record')}
            </Link>
          )
        }
      >
        <p>
          <DistributionPlanStatusTag status={plan.status} />
        </p>
      </PageHeader>
      {plan.closedAt && (
        <p className="notice" role="status" data-closed-at={plan.closedAt}>
          {t('distPlan.closedNotice')}
        </p>
      )}
      <section className="panel" aria-labelledby="plan-facts">
        <h2 id="plan-facts">{t('distPlan.facts')}</h2>
        <dl className="facts">
          <PlanFactRows plan={plan} />
          <dt>{t('distPlan.exceptions')}</dt>
          <dd>{formatNumber(plan.progress.exceptions)}</dd>
          {plan.closedAt && (
            <>
              <dt>{t('distPlan.closedAt')}</dt>
              <dd>
                <time dateTime={plan.closedAt}>{formatDateTime(plan.closedAt)}</time>
              </dd>
              <dt>{t('distPlan.closedBy')}</dt>
              <dd>
                <bdi>{plan.closedByDisplayName}</bdi>
              </dd>
            </>
          )}
          {plan.closingNote && (
            <>
              <dt>{t('distPlan.note')}</dt>
              <dd className="prose">{plan.closingNote}</dd>
            </>
          )}
        </dl>
      </section>
      <section className="panel" aria-labelledby="plan-items">
        <h2 id="plan-items">{t('distribute.eachReceives')}</h2>
        <Table
          rows={plan.lines}
          rowKey={(l) => l.item.id}
          empty=""
          columns={[
            { header: t('distPlan.item'), cell: (l) => t(`distribute.per.${l.per}`, { quantity: formatNumber(l.quantityUnits), item: nameOf(l.item.names) }) },
            { header: t('distPlan.issued'), numeric: true, cell: (l) => formatNumber(plan.progress.items.find((i) => i.itemId === l.item.id)?.issuedUnits ?? 0) },
            { header: t('distPlan.distributed'), numeric: true, cell: (l) => formatNumber(plan.progress.items.find((i) => i.itemId === l.item.id)?.distributedUnits ?? 0) },
          ]}
        />
      </section>
      {open && session.can('distributions:manage', plan.organisationId) && <ClosePlan plan={plan} onClosed={onClosed} />}
      <p className="small">
        <Link to={`/distributions/plans?organisation=${plan.organisationId}`}>{t('distPlan.allPlans')}</Link>
      </p>
    </div>
  );
}

/** Closing is asked twice: the first press says what closing means and how many households were served, the second closes. */
function ClosePlan({ plan, onClosed }: { plan: DistributionPlan; onClosed(): void }) {
  const { t, formatNumber } = useI18n();
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const form = useFormState();
  if (!asking) {
    return (
      <p>
        <button type="button" className="button-danger" onClick={() => setAsking(true)} data-close-plan>
          {t('distPlan.close')}
        </button>
      </p>
    );
  }
  const close = () =>
    form.run(async () => {
      await unwrap(
        api.POST('/api/organisations/{organisationId}/distribution-plans/{planId}/close', {
          params: { path: { organisationId: plan.organisationId, planId: plan.id } },
          body: note.trim() ? { note } : {},
        }),
      );
      onClosed();
    });
  return (
    <section className="panel" aria-labelledby="close-plan" data-close-confirm>
      <h2 id="close-plan">{t('distPlan.close')}</h2>
      <p>{t('distPlan.closeExplain', { served: formatNumber(plan.progress.householdsServed), expected: formatNumber(plan.householdsExpected) })}</p>
      <Form
        state={form}
        onSubmit={() => void close()}
        submitLabel={t('distPlan.closeConfirm')}
        actions={
          <button type="button" className="button-quiet" onClick={() => setAsking(false)}>
            {t('distPlan.keepOpen')}
          </button>
        }
      >
        <TextAreaField name="note" label={t('distPlan.closeNote')} hint={t('distPlan.closeNoteHint')} rows={3} value={note} onChange={setNote} />
      </Form>
    </section>
  );
}
