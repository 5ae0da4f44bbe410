import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Form, TextAreaField, useFormState } from './Form';

/**
 * A cancel button that first asks why: the reason is recorded with the cancellation, so it is a
 * field of its own (beside which the server's error shows), not a browser prompt.
 */
export function CancelWithReason(props: { label: string; confirmLabel: string; reasonHint: string; onCancel(reason: string): Promise<unknown> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const form = useFormState();
  if (!open) {
    return (
      <button type="button" className="button-danger" onClick={() => setOpen(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <Form
      className="form cancel-form"
      state={form}
      onSubmit={() => form.run(async () => {
        await props.onCancel(reason);
        setOpen(false);
      })}
      submitLabel={props.confirmLabel}
      actions={
        <button type="button" className="button-quiet" onClick={() => setOpen(false)}>
          {t('cancel.keep')}
        </button>
      }
    >
      <TextAreaField name="reason" label={t('cancel.reason')} hint={props.reasonHint} rows={3} value={reason} onChange={setReason} />
    </Form>
  );
}
