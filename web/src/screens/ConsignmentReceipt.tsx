import { useState } from 'react';
import { api, unwrap, type Consignment } from '../api/client';
import { damagedReasons, shortReasons } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { parseNumber } from '../i18n/numbers';
import type { ScreenProps } from '../routes';
import { Link, navigate } from '../router';
import { ConsignmentStatusTag, lineLabel, operationId } from '../ui/consignments';
import { localError } from '../ui/errors';
import { FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

/**
 * The partner counts a consignment in: for every line still in transit, how many units arrived
 * in good condition, damaged, or did not arrive. The three must add up to what is in transit (the
 * server checks too). Damaged and short units each need a reason from a short list, with words of
 * the receiver's own when the list does not fit; the reasons go onto the ledger's loss transfers.
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

type DamagedReason = (typeof damagedReasons)[number];
type ShortReason = (typeof shortReasons)[number];

interface Count {
  good: string;
  damaged: string;
  damagedReason: DamagedReason | '';
  damagedNote: string;
  short: string;
  shortReason: ShortReason | '';
  shortNote: string;
}

const emptyCount = { damagedReason: '', damagedNote: '', shortReason: '', shortNote: '' } as const;

/** A reason and its words for one kind of loss, when there are such units; refused without a reason. */
function lossReason<K extends 'damaged' | 'short', R extends string>(kind: K, units: number, reason: R | '', note: string, line: number) {
  if (units === 0) return {};
  if (!reason) throw localError('receipt_reason_required', `lines.${line}.${kind}Reason`);
  if (reason === 'other' && !note.trim()) throw localError('receipt_note_required', `lines.${line}.${kind}Note`);
  return { [`${kind}Reason`]: reason, ...(note.trim() ? { [`${kind}Note`]: note.trim() } : {}) } as Partial<Record<`${K}Reason`, R> & Record<`${K}Note`, string>>;
}

function ReceiptForm({ consignment: c, organisationId }: { consignment: Consignment; organisationId: string }) {
  const { t, formatNumber } = useI18n();
  const numberText = useNumberText();
  const lines = c.lines.filter((l) => l.ledger.inTransitUnits > 0);
  const [counts, setCounts] = useState<Record<string, Count>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, { good: numberText(l.ledger.inTransitUnits), damaged: numberText(0), short: numberText(0), ...emptyCount }])),
  );
  const [note, setNote] = useState('');
  const [opId] = useState(operationId);
  const form = useFormState();
  const set = (lineId: string, change: Partial<Count>) => setCounts((all) => ({ ...all, [lineId]: { ...all[lineId]!, ...change } }));
  const some = (text: string) => (parseNumber(text) ?? 0) > 0;

  if (c.consignee.id !== organisationId || !c.allowedEvents.includes('received')) {
    return <NotAllowed title={t('receiptForm.title', { reference: c.reference })} reason={t('receiptForm.notNow')} />;
  }

  const submit = () =>
    form.run(async () => {
      const body = {
        id: opId,
        lines: lines.map((l, i) => {
          const n = counts[l.id]!;
          const good = requiredNumber(n.good, `lines.${i}.goodUnits`);
          const damaged = requiredNumber(n.damaged, `lines.${i}.damagedUnits`);
          const short = requiredNumber(n.short, `lines.${i}.shortUnits`);
          if (good + damaged + short !== l.ledger.inTransitUnits) throw localError('receipt_does_not_add_up', `lines.${i}.goodUnits`);
          return {
            lineId: l.id,
            goodUnits: good,
            damagedUnits: damaged,
            shortUnits: short,
            ...lossReason('damaged', damaged, n.damagedReason, n.damagedNote, i),
            ...lossReason('short', short, n.shortReason, n.shortNote, i),
          };
        }),
        ...(note.trim() ? { note: note.trim() } : {}),
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
              {some(n.damaged) && (
                <LossReasonFields
                  kind="damaged"
                  line={i}
                  options={damagedReasons.map((r) => ({ value: r, label: t(`damagedReason.${r}`) }))}
                  reason={n.damagedReason}
                  note={n.damagedNote}
                  onReason={(damagedReason) => set(l.id, { damagedReason })}
                  onNote={(damagedNote) => set(l.id, { damagedNote })}
                />
              )}
              {some(n.short) && (
                <LossReasonFields
                  kind="short"
                  line={i}
                  options={shortReasons.map((r) => ({ value: r, label: t(`shortReason.${r}`) }))}
                  reason={n.shortReason}
                  note={n.shortNote}
                  onReason={(shortReason) => set(l.id, { shortReason })}
                  onNote={(shortNote) => set(l.id, { shortNote })}
                />
              )}
            </FieldGroup>
          );
        })}
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}

/** Why a line's units are damaged or short: a reason from the list, and words of the receiver's own. */
function LossReasonFields<V extends string>(props: {
  kind: 'damaged' | 'short';
  line: number;
  options: readonly { value: V; label: string }[];
  reason: V | '';
  note: string;
  onReason(reason: V | ''): void;
  onNote(note: string): void;
}) {
  const { t } = useI18n();
  const field = `lines.${props.line}.${props.kind}`;
  return (
    <div className="form-row" data-reason={props.kind}>
      <SelectField<V | ''>
        name={`${field}Reason`}
        label={props.kind === 'damaged' ? t('receiptForm.damagedReason') : t('receiptForm.shortReason')}
        value={props.reason}
        onChange={props.onReason}
        options={[{ value: '', label: t('receiptForm.chooseReason') }, ...props.options]}
      />
      <TextField name={`${field}Note`} label={t('receiptForm.reasonNote')} hint={t('receiptForm.reasonNoteHint')} value={props.note} onChange={props.onNote} />
    </div>
  );
}
