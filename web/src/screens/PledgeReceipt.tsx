import { api, unwrap, type Need, type Pledge } from '../api/client';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { currencyName, donorName, lineSubject, needsOf, promised, received } from '../ui/pledges';
import { useLoad } from '../ui/useLoad';

/**
 * A receipt for the donor of what they pledged and what has been received so far, laid out for
 * paper: the print stylesheet drops the navigation and the buttons. Goods count as received once
 * an intake records them (the API's figures); cash as each hand-over is recorded.
 */
export default function PledgeReceipt({ params }: ScreenProps) {
  const pledgeId = params.pledgeId!;
  const data = useLoad(async () => {
    const pledge = await unwrap(api.GET('/api/pledges/{pledgeId}', { params: { path: { pledgeId } } }));
    return { pledge, needs: await needsOf(pledge) };
  }, [pledgeId]);
  return <Load state={data}>{({ pledge, needs }) => <Receipt pledge={pledge} needs={needs} />}</Load>;
}

function Receipt({ pledge, needs }: { pledge: Pledge; needs: Map<string, Need> }) {
  const i18n = useI18n();
  const { t, nameOf, formatDay } = i18n;
  const today = todayHere();
  return (
    <article className="receipt" data-screen="receipt">
      <div className="no-print page-actions receipt-tools">
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
        <Link className="button" to={`/pledges/${pledge.id}`}>
          {t('receipt.back')}
        </Link>
      </div>
      <p className="receipt-issuer">{nameOf(pledge.organisation.names)}</p>
      <PageHeader title={t('receipt.title')} />
      <dl className="facts">
        <dt>{t('receipt.from')}</dt>
        <dd>{donorName(i18n, pledge.donor)}</dd>
        <dt>{t('receipt.reference')}</dt>
        <dd>
          <span className="code">{pledge.id}</span>
        </dd>
        <dt>{t('receipt.pledgedOn')}</dt>
        <dd>
          <time dateTime={pledge.createdAt}>{i18n.formatDate(pledge.createdAt)}</time>
        </dd>
        <dt>{t('receipt.issuedOn')}</dt>
        <dd>
          <time dateTime={today}>{formatDay(today)}</time>
        </dd>
        <dt>{t('common.status')}</dt>
        <dd>{t(`pledgeStatus.${pledge.status}`)}</dd>
      </dl>
      <table className="receipt-table">
        <thead>
          <tr>
            <th scope="col">{t('pledge.what')}</th>
            <th scope="col">{t('pledge.for')}</th>
            <th scope="col" className="number">
              {t('pledge.promised')}
            </th>
            <th scope="col" className="number">
              {t('receipt.receivedSoFar')}
            </th>
          </tr>
        </thead>
        <tbody>
          {pledge.lines.map((line) => {
            const need = line.needId ? needs.get(line.needId) : undefined;
            return (
              <tr key={line.id}>
                <td>{lineSubject(i18n, line)}</td>
                <td>{need ? need.title : t('pledge.general')}</td>
                <td className="number">{promised(i18n, line)}</td>
                <td className="number">{received(i18n, line)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pledge.cashReceipts.length > 0 && (
        <>
          <h2>{t('pledge.cashReceipts')}</h2>
          <ul className="plain">
            {pledge.cashReceipts.map((r) => (
              <li key={r.id}>
                <time dateTime={r.receivedOn}>{formatDay(r.receivedOn)}</time> · {i18n.formatMoney(r.amountMinor, r.currency)} ({currencyName(i18n, r.currency)})
              </li>
            ))}
          </ul>
        </>
      )}
      {pledge.cancelledAt && <p>{t('receipt.cancelled', { date: i18n.formatDate(pledge.cancelledAt) })}</p>}
      <p className="muted receipt-note">{t('receipt.note')}</p>
      <p className="receipt-thanks">{t('receipt.thanks')}</p>
    </article>
  );
}
