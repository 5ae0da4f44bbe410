import { api, unwrap, type Need, type Pledge } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { CoverageBar, CoverageLegend, ProgressBar } from '../ui/Bars';
import { errorText } from '../ui/errors';
import { CancelWithReason } from '../ui/CancelWithReason';
import { useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { donorName } from '../ui/pledges';
import { PledgeStatusTag, PriorityTag, StatusTag } from '../ui/Tags';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/** One need: what it asks for, how far each line is covered, who did what, and the next steps. */
export default function NeedDetail({ params }: ScreenProps) {
  const needId = params.needId!;
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/needs/{needId}', { params: { path: { needId } } })),
        unwrap(api.GET('/api/pledges', { params: { query: { needId } } })),
      ]),
    [needId],
  );
  return <Load state={data}>{([need, pledges]) => <NeedView need={need} pledges={pledges} reload={data.reload} />}</Load>;
}

function NeedView({ need, pledges, reload }: { need: Need; pledges: Pledge[]; reload(): void }) {
  const i18n = useI18n();
  const { t, nameOf, formatDay, formatNumber } = i18n;
  const session = useSession();
  const mayPledge = need.status === 'approved' && session.can('pledges:write');

  return (
    <div data-screen="need">
      <PageHeader title={need.title}>
        <p>
          {nameOf(need.organisation.names)} · <StatusTag status={need.status} /> <PriorityTag priority={need.priority} />
        </p>
      </PageHeader>
      <NeedActions need={need} onChanged={reload} />
      <section className="panel" aria-labelledby="need-about">
        <h2 id="need-about">{t('need.about')}</h2>
        <dl className="facts">
          <dt>{t('need.organisation')}</dt>
          <dd>{nameOf(need.organisation.names)}</dd>
          <dt>{t('need.addressedTo')}</dt>
          <dd>{need.addressedTo.map((o) => nameOf(o.names)).join(t('common.listSeparator'))}</dd>
          <dt>{t('need.location')}</dt>
          <dd>{nameOf(need.location.names)}</dd>
          <dt>{t('need.neededBy')}</dt>
          <dd>
            <time dateTime={need.neededBy}>{formatDay(need.neededBy)}</time>
          </dd>
          <dt>{t('need.peopleToReach')}</dt>
          <dd>{formatNumber(need.peopleToReach)}</dd>
          <dt>{t('catalogue.sector')}</dt>
          <dd>{t(`sector.${need.sector}`)}</dd>
          {need.justification && (
            <>
              <dt>{t('need.justification')}</dt>
              <dd className="prose">{need.justification}</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="need-lines" className="section">
        <h2 id="need-lines">{t('need.lines')}</h2>
        <CoverageLegend />
        <Table
          rows={need.lines}
          rowKey={(line) => line.id}
          empty={t('need.noLines')}
          rowProps={(line) => ({ 'data-line': line.item.code })}
          columns={[
            {
              header: t('item.name'),
              cell: (line) => (
                <>
                  {nameOf(line.item.names)}
                  <div className="muted small">
                    <span className="code">{line.item.code}</span> · {line.item.unit}
                  </div>
                </>
              ),
            },
            { header: t('need.quantity'), numeric: true, cell: (line) => formatNumber(line.quantityUnits) },
            { header: t('coverage.title'), cell: (line) => <CoverageBar coverage={line.coverage} /> },
            {
              header: t('coverage.fulfilment'),
              cell: (line) => (
                <ProgressBar
                  done={line.coverage.distributedUnits}
                  of={line.coverage.neededUnits}
                  label={t('coverage.fulfilment')}
                  caption={t('coverage.distributed', { distributed: line.coverage.distributedUnits, percent: i18n.formatPercent(line.coverage.fulfilmentRatio) })}
                />
              ),
            },
            {
              header: t('coverage.cash'),
              cell: (line) =>
                line.coverage.cashPledged.length === 0 ? '—' : line.coverage.cashPledged.map((c) => <div key={c.currency}>{i18n.formatMoney(c.amountMinor, c.currency)}</div>),
            },
            mayPledge && {
              header: t('common.actions'),
              cell: (line) => (
                <Link className="button" to={`/pledges/new?need=${need.id}&line=${line.id}`}>
                  {t('need.pledgeForLine')}
                </Link>
              ),
            },
          ]}
        />
      </section>

      <section aria-labelledby="need-pledges" className="section">
        <h2 id="need-pledges">{t('need.pledges')}</h2>
        <Table
          rows={pledges}
          rowKey={(p) => p.id}
          empty={t('need.noPledges')}
          columns={[
            { header: t('pledge.donor'), cell: (p) => <Link to={`/pledges/${p.id}`}>{donorName(i18n, p.donor)}</Link> },
            { header: t('pledge.takenBy'), cell: (p) => nameOf(p.organisation.names) },
            { header: t('pledge.expectedOn'), cell: (p) => <time dateTime={p.expectedOn}>{formatDay(p.expectedOn)}</time> },
            { header: t('common.status'), cell: (p) => <PledgeStatusTag status={p.status} /> },
          ]}
        />
      </section>

      <History need={need} />
    </div>
  );
}

/** The steps the reader may take on this need now: only those their memberships allow. */
function NeedActions({ need, onChanged }: { need: Need; onChanged(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const action = useFormState();
  const path = { needId: need.id };
  const owner = session.can('needs:write', need.organisation.id);
  const approver = need.addressedTo.some((o) => session.can('needs:approve', o.id));

  const step = (name: 'submit' | 'approve' | 'close') =>
    void action.run(async () => {
      if (name === 'close' && !window.confirm(t('need.confirmClose'))) return;
      const call =
        name === 'submit'
          ? api.POST('/api/needs/{needId}/submit', { params: { path }, body: {} })
          : name === 'approve'
            ? api.POST('/api/needs/{needId}/approve', { params: { path }, body: {} })
            : api.POST('/api/needs/{needId}/close', { params: { path }, body: {} });
      await unwrap(call);
      onChanged();
    });
  const buttons = [
    owner && need.status === 'draft' && (
      <Link key="edit" className="button" to={`/needs/${need.id}/edit`}>
        {t('need.edit')}
      </Link>
    ),
    owner && need.status === 'draft' && (
      <button key="submit" type="button" className="button-primary" disabled={action.busy} onClick={() => step('submit')}>
        {t('need.submit')}
      </button>
    ),
    approver && need.status === 'submitted' && (
      <button key="approve" type="button" className="button-primary" disabled={action.busy} onClick={() => step('approve')}>
        {t('need.approve')}
      </button>
    ),
    owner && need.status === 'approved' && (
      <button key="close" type="button" disabled={action.busy} onClick={() => step('close')}>
        {t('need.close')}
      </button>
    ),
    need.status === 'approved' && session.can('pledges:write') && (
      <Link key="pledge" className="button" to={`/pledges/new?need=${need.id}`}>
        {t('need.pledge')}
      </Link>
    ),
    owner && ['draft', 'submitted', 'approved'].includes(need.status) && (
      <CancelWithReason
        key="cancel"
        label={t('need.cancel')}
        confirmLabel={t('need.cancelConfirm')}
        reasonHint={t('need.cancelReasonHint')}
        onCancel={async (reason) => {
          await unwrap(api.POST('/api/needs/{needId}/cancel', { params: { path }, body: { reason } }));
          onChanged();
        }}
      />
    ),
  ].filter(Boolean);
  if (buttons.length === 0) return null;

  return (
    <section className="panel actions-panel" aria-label={t('common.actions')}>
      {action.error && (
        <div className="notice notice-error" role="alert">
          {errorText(i18n, action.error)}
        </div>
      )}
      <div className="page-actions">{buttons}</div>
    </section>
  );
}

/** Every step of the need: who, when, on behalf of which organisation, and their note. */
function History({ need }: { need: Need }) {
  const { t, nameOf, formatDateTime } = useI18n();
  const organisations = new Map([need.organisation, ...need.addressedTo].map((o) => [o.id, o.names]));
  return (
    <section aria-labelledby="need-history" className="panel">
      <h2 id="need-history">{t('need.history')}</h2>
      <ol className="timeline">
        {need.events.map((event, i) => {
          const names = event.organisationId ? organisations.get(event.organisationId) : undefined;
          // Only the partner and the addressees act on a need; null is an instance administrator.
          const actingFor = event.organisationId === null ? t('need.instanceAdmin') : names ? nameOf(names) : '—';
          return (
            <li key={i} data-event={event.kind}>
              <strong>{t(`needEvent.${event.kind}`)}</strong>
              <div className="muted">
                {t('need.eventBy', { name: event.userDisplayName, organisation: actingFor })}{' '}
                · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </div>
              {event.note && <p className="prose">{event.note}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
