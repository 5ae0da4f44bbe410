import { useState } from 'react';
import { api, unwrap, type Consignment } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link, navigate } from '../router';
import { ConsignmentStatusTag, lineLabel, operationId } from '../ui/consignments';
import { localError } from '../ui/errors';
import { FieldGroup, Form, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

/**
 * The partner counts a consignment in: for every line still in transit, how many units arrived
 * in good condition, damaged, or did not arrive, with the reason for what is missing or damaged.
 * The three must add up to what is in transit (the server checks too); the reasons are kept in
 * the receipt's note, line by line.
 */
export default function ConsignmentReceipt({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const consignmentId = params.consignmentId!;
  const data = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/consignments/{consignmentId}', { params: { path: { organisationId, consignmentId } } })),
    [organisationId, consignmentId],
  );
  return <Load state={data}>{(c) => <ReceiptForm consignment={c} organisationId={organisationId} />}</Load>;
}

interface Count {
  good: string;
  damaged: string;
  short: string;
  reason: string;
}

function ReceiptForm({ consignment: c, organisationId }: { consignment: Consignment; organisationId: string }) {
  const { t, formatNumber } = useI18n();
  const numberText = useNumberText();
  const lines = c.lines.filter((l) => l.ledger.inTransitUnits > 0);
  const [counts, setCounts] = useState<Record<string, Count>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, { good: numberText(l.ledger.inTransitUnits), damaged: numberText(0), short: numberText(0), reason: '' }])),
  );
  const [note, setNote] = useState('');
  const [opId] = useState(operationId);
  const form = useFormState();
  const set = (lineId: string, change: Partial<Count>) => setCounts((all) => ({ ...all, [lineId]: { ...all[lineId]!, ...change } }));

  if (c.consignee.id !== organisationId || !c.allowedEvents.includes('received')) {
    return <NotAllowed title={t('receiptForm.title', { reference: c.reference })} reason={t('receiptForm.notNow')} />;
  }

  const submit = () =>
    form.run(async () => {
      const reasons: string[] = [];
      const body = {
        id: opId,
        lines: lines.map((l, i) => {
          const n = counts[l.id]!;
          const good = requiredNumber(n.good, `lines.${i}.goodUnits`);
          const damaged = requiredNumber(n.damaged, `lines.${i}.damagedUnits`);
          const short = requiredNumber(n.short, `lines.${i}.shortUnits`);
          if (good + damaged + short !== l.ledger.inTransitUnits) throw localError('receipt_does_not_add_up', `lines.${i}.goodUnits`);
          if ((damaged > 0 || short > 0) && !n.reason.trim()) throw localError('reason_required', `lines.${i}.reason`);
          if (n.reason.trim()) reasons.push(`${lineLabel(l)}: ${n.reason.trim()}`);
          return { lineId: l.id, goodUnits: good, damagedUnits: damaged, shortUnits: short };
        }),
        ...(note.trim() || reasons.length ? { note: [...reasons, note.trim()].filter(Boolean).join('\n') } : {}),
      };
      await unwrap(
        api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/receipt', { params: { path: { organisationId, consignmentId: c.id } }, body }),
      );
      navigate(`/consignments/${organisationId}/${c.id}`, { replace: true });
    });

  return (
    <div data-screen="consignment-receipt">
      <PageHeader title={t('receiptForm.title', { reference: c.reference })}>
        <p>
          {t('receiptForm.intro', { sender: c.sender.name })} · <ConsignmentStatusTag status={c.status} />
        </p>
      </PageHeader>
      <Form
        state={form}
        onSubmit={submit}
        submitLabel={t('receiptForm.confirm')}
        actions={
          <Link className="button button-quiet" to={`/consignments/${organisationId}/${c.id}`}>
            {t('cancel.keep')}
          </Link>
        }
      >
        {lines.map((l, i) => {
          const n = counts[l.id]!;
          return (
            <FieldGroup key={l.id} name={`lines.${i}`} legend={`${lineLabel(l)} · ${t('consignment.inTransitN', { units: formatNumber(l.ledger.inTransitUnits) })}`}>
              <div className="form-row form-row-3" data-receipt-line={l.id}>
                <TextField name={`lines.${i}.goodUnits`} label={t('receiptForm.good')} inputMode="numeric" value={n.good} onChange={(good) => set(l.id, { good })} />
                <TextField name={`lines.${i}.damagedUnits`} label={t('receiptForm.damaged')} inputMode="numeric" value={n.damaged} onChange={(damaged) => set(l.id, { damaged })} />
                <TextField name={`lines.${i}.shortUnits`} label={t('receiptForm.short')} inputMode="numeric" value={n.short} onChange={(short) => set(l.id, { short })} />
              </div>
              <TextField name={`lines.${i}.reason`} label={t('receiptForm.reason')} hint={t('receiptForm.reasonHint')} value={n.reason} onChange={(reason) => set(l.id, { reason })} />
            </FieldGroup>
          );
        })}
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}
