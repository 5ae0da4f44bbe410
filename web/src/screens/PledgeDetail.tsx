import { useState } from 'react';
import { api, unwrap, type Need, type Pledge } from '../api/client';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { ProgressBar } from '../ui/Bars';
import { CancelWithReason } from '../ui/CancelWithReason';
import { dateFrom, DateField, type DateValue } from '../ui/DateField';
import { Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { minorUnitsFrom } from '../ui/numbers';
import { PageHeader } from '../ui/PageHeader';
import { currencyName, donorName, lineSubject, needsOf, progressOf, promised, received } from '../ui/pledges';
import { PledgeStatusTag } from '../ui/Tags';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/** One pledge: the donor, each line's promise and what has come of it, and what the taker may do. */
export default function PledgeDetail({ params }: ScreenProps) {
  const pledgeId = params.pledgeId!;
  const data = useLoad(async () => {
    const pledge = await unwrap(api.GET('/api/pledges/{pledgeId}', { params: { path: { pledgeId } } }));
    return { pledge, needs: await needsOf(pledge) };
  }, [pledgeId]);
  return <Load state={data}>{({ pledge, needs }) => <PledgeView pledge={pledge} needs={needs} reload={data.reload} />}</Load>;
}

function PledgeView({ pledge, needs, reload }: { pledge: Pledge; needs: Map<string, Need>; reload(): void }) {
  const i18n = useI18n();
  const { t, nameOf, formatDay, formatDateTime } = i18n;
  const session = useSession();
  const mayManage = session.can('pledges:write', pledge.organisation.id) && pledge.status !== 'cancelled';
  const cashLines = pledge.lines.filter((l) => l.kind === 'cash');
  const donor = donorName(i18n, pledge.donor);

  return (
    <div data-screen="pledge">
      <PageHeader
        title={t('pledge.title', { donor })}
        actions={
          <>
            <Link className="button" to={`/pledges/${pledge.id}/receipt`}>
              {t('receipt.open')}
            </Link>
            <Link className="button" to={`/trace/pledges/${pledge.id}`}>
              {t('trace.open')}
            </Link>
            {mayManage && (
              <CancelWithReason
                label={t('pledge.cancel')}
                confirmLabel={t('pledge.cancelConfirm')}
                reasonHint={t('pledge.cancelReasonHint')}
                onCancel={async (reason) => {
                  await unwrap(api.POST('/api/pledges/{pledgeId}/cancel', { params: { path: { pledgeId: pledge.id } }, body: { reason } }));
                  reload();
                }}
              />
            )}
          </>
        }
      >
        <p>
          {nameOf(pledge.organisation.names)} · <PledgeStatusTag status={pledge.status} />
        </p>
      </PageHeader>
      <section className="panel">
        <dl className="facts">
          <dt>{t('pledge.donor')}</dt>
          <dd>
            {donor} <span className="muted">({t(`donorKind.${pledge.donor.kind}`)})</span>
          </dd>
          <dt>{t('pledge.takenBy')}</dt>
          <dd>{nameOf(pledge.organisation.names)}</dd>
          <dt>{t('pledge.expectedOn')}</dt>
          <dd>
            <time dateTime={pledge.expectedOn}>{formatDay(pledge.expectedOn)}</time>
          </dd>
          <dt>{t('common.created')}</dt>
          <dd>
            <time dateTime={pledge.createdAt}>{formatDateTime(pledge.createdAt)}</time>
          </dd>
          {pledge.cancelledAt && (
            <>
              <dt>{t('pledge.cancelledAt')}</dt>
              <dd>
                <time dateTime={pledge.cancelledAt}>{formatDateTime(pledge.cancelledAt)}</time>
                {pledge.cancelReason && <p className="prose">{pledge.cancelReason}</p>}
              </dd>
            </>
          )}
        </dl>
      </section>

      <section className="section" aria-labelledby="pledge-lines">
        <h2 id="pledge-lines">{t('pledge.lines')}</h2>
        <Table
          rows={pledge.lines}
          rowKey={(l) => l.id}
          empty={t('pledge.noLines')}
          columns={[
            { header: t('pledge.lineKind'), cell: (l) => t(`pledgeLineKind.${l.kind}`) },
            {
              header: t('pledge.what'),
              cell: (l) => (
                <>
                  {lineSubject(i18n, l)}
                  {l.item && <div className="muted small code">{l.item.code}</div>}
                </>
              ),
            },
            {
              header: t('pledge.for'),
              cell: (l) => {
                const need = l.needId ? needs.get(l.needId) : undefined;
                return need ? <Link to={`/needs/${need.id}`}>{need.title}</Link> : t('pledge.general');
              },
            },
            { header: t('pledge.promised'), numeric: true, cell: (l) => promised(i18n, l) },
            {
              header: t('pledge.received'),
              cell: (l) => {
                const { done, of } = progressOf(l);
                return (
                  <>
                    <ProgressBar done={done} of={of} label={t('pledge.received')} caption={received(i18n, l)} />
                    {(l.unusableUnits ?? 0) > 0 && <div className="muted small">{t('pledge.unusable', { units: l.unusableUnits ?? 0 })}</div>}
                  </>
                );
              },
            },
          ]}
        />
        {pledge.lines.some((l) => l.kind === 'goods') && <p className="muted">{t('pledge.goodsAtIntake')}</p>}
      </section>

      {cashLines.length > 0 && (
        <section className="section" aria-labelledby="pledge-cash">
          <h2 id="pledge-cash">{t('pledge.cashReceipts')}</h2>
          <Table
            rows={pledge.cashReceipts}
            rowKey={(r) => r.id}
            empty={t('pledge.noCashReceipts')}
            columns={[
              { header: t('pledge.receivedOn'), cell: (r) => <time dateTime={r.receivedOn}>{formatDay(r.receivedOn)}</time> },
              { header: t('pledge.currency'), cell: (r) => currencyName(i18n, r.currency) },
              { header: t('pledge.amount'), numeric: true, cell: (r) => i18n.formatMoney(r.amountMinor, r.currency) },
              { header: t('pledge.recordedAt'), cell: (r) => <time dateTime={r.recordedAt}>{formatDateTime(r.recordedAt)}</time> },
            ]}
          />
          {mayManage && <CashReceiptForm pledge={pledge} onRecorded={reload} />}
        </section>
      )}
    </div>
  );
}

function CashReceiptForm({ pledge, onRecorded }: { pledge: Pledge; onRecorded(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const lines = pledge.lines.filter((l) => l.kind === 'cash');
  const [lineId, setLineId] = useState(lines[0]!.id);
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState<DateValue>(todayHere());
  const form = useFormState();
  const line = lines.find((l) => l.id === lineId)!;

  const submit = () =>
    form.run(async () => {
      const body = { pledgeLineId: lineId, amountMinor: minorUnitsFrom(amount, line.currency!, 'amountMinor'), receivedOn: dateFrom(receivedOn, 'receivedOn') };
      await unwrap(api.POST('/api/pledges/{pledgeId}/cash-receipts', { params: { path: { pledgeId: pledge.id } }, body }));
      setAmount('');
      onRecorded();
    });

  return (
    <div className="panel">
      <h3>{t('pledge.recordCash')}</h3>
      <Form state={form} onSubmit={submit} submitLabel={t('pledge.recordCashSubmit')}>
        {lines.length > 1 && (
          <SelectField
            name="pledgeLineId"
            label={t('pledge.cashLine')}
            value={lineId}
            onChange={setLineId}
            options={lines.map((l) => ({ value: l.id, label: `${promised(i18n, l)} · ${lineSubject(i18n, l)}` }))}
          />
        )}
        <div className="form-row">
          <TextField name="amountMinor" label={t('pledge.amountIn', { currency: currencyName(i18n, line.currency!) })} inputMode="decimal" value={amount} onChange={setAmount} />
        </div>
        <DateField name="receivedOn" label={t('pledge.receivedOn')} value={receivedOn} onChange={setReceivedOn} />
      </Form>
    </div>
  );
}
