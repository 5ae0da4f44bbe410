import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type TextareaHTMLAttributes,
} from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { asApiError, errorText, fieldClaims } from './errors';

/** The state of one form: busy while it talks to the server, and the error it got back. */
export interface FormState {
  busy: boolean;
  error: ApiError | null;
  /** Runs the submission; an error it throws is shown next to its field (or atop the form). */
  run(action: () => Promise<unknown>): Promise<boolean>;
  setError(error: ApiError | null): void;
}

export function useFormState(): FormState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return {
    busy,
    error,
    setError,
    async run(action) {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (caught) {
        setError(asApiError(caught));
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

interface FormContextValue {
  error: ApiError | null;
  /** Fields say which names they show, so an error no field shows goes to the top of the form. */
  claim(name: string): () => void;
}
const FormContext = createContext<FormContextValue | null>(null);

export function Form(props: {
  state: FormState;
  onSubmit(): void;
  submitLabel: string;
  children: ReactNode;
  /** Buttons beside the submit button (cancel, delete). */
  actions?: ReactNode;
  className?: string;
}) {
  const i18n = useI18n();
  const { error, busy } = props.state;
  const claimed = useRef(new Map<string, number>());
  const formRef = useRef<HTMLFormElement>(null);
  const claim = useCallback((name: string) => {
    claimed.current.set(name, (claimed.current.get(name) ?? 0) + 1);
    return () => void claimed.current.set(name, (claimed.current.get(name) ?? 1) - 1);
  }, []);
  const context = useMemo<FormContextValue>(() => ({ error, claim }), [error, claim]);
  const shownByAField =
    error?.field !== undefined && [...claimed.current].some(([name, count]) => count > 0 && fieldClaims(name, error.field!));

  // Take the reader (and a screen reader) to what went wrong.
  useEffect(() => {
    if (!error) return;
    const target = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error-focus], .form-alert');
    target?.focus();
  }, [error]);

  return (
    <FormContext.Provider value={context}>
      <form
        ref={formRef}
        className={props.className ?? 'form'}
        noValidate
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) props.onSubmit();
        }}
      >
        {error && !shownByAField && (
          <div className="notice notice-error form-alert" role="alert" tabIndex={-1}>
            {errorText(i18n, error)}
          </div>
        )}
        {props.children}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? i18n.t('common.working') : props.submitLabel}
          </button>
          {props.actions}
        </div>
      </form>
    </FormContext.Provider>
  );
}

/** The translated error for the input `name`, if the last submission failed there. */
export function useFieldError(name: string): string | null {
  const i18n = useI18n();
  const form = useContext(FormContext);
  const claim = form?.claim;
  useLayoutEffect(() => claim?.(name), [claim, name]);
  const error = form?.error;
  return error?.field !== undefined && fieldClaims(name, error.field) ? errorText(i18n, error) : null;
}

export interface FieldShellProps {
  /** The API's name for this input (`names.en`, `contacts.0.email`): errors are matched by it. */
  name: string;
  label: string;
  hint?: string;
}

/** A label, the control, its hint and its error, tied together for assistive technology. */
export function Field(props: FieldShellProps & { children: (aria: ControlAria) => ReactNode; className?: string }) {
  const id = useId();
  const error = useFieldError(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}${props.className ? ` ${props.className}` : ''}`} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({
        id,
        name: props.name,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      })}
      {props.hint && (
        <p className="field-hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

export interface ControlAria {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'value' | 'onChange' | 'id'>;

export function TextField({
  name,
  label,
  hint,
  value,
  onChange,
  ...input
}: FieldShellProps & TextInputProps & { value: string; onChange(value: string): void }) {
  return (
    <Field name={name} label={label} hint={hint}>
      {(aria) => <input type="text" {...input} {...aria} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function TextAreaField({
  name,
  label,
  hint,
  value,
  onChange,
  ...textarea
}: FieldShellProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'value' | 'onChange' | 'id'> & { value: string; onChange(value: string): void }) {
  return (
    <Field name={name} label={label} hint={hint}>
      {(aria) => <textarea rows={4} {...textarea} {...aria} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function SelectField<V extends string>(
  props: FieldShellProps & { value: V; onChange(value: NoInfer<V>): void; options: readonly { value: NoInfer<V>; label: string }[]; disabled?: boolean },
) {
  return (
    <Field name={props.name} label={props.label} hint={props.hint}>
      {(aria) => (
        <select {...aria} value={props.value} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value as V)}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField(props: FieldShellProps & { checked: boolean; onChange(checked: boolean): void; disabled?: boolean }) {
  return (
    <Field name={props.name} label={props.label} hint={props.hint} className="field-checkbox">
      {(aria) => <input type="checkbox" {...aria} checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} />}
    </Field>
  );
}

/**
 * A group of inputs that an error may name as a whole (`names`, `components`). Errors of the inputs
 * inside are shown by those inputs; only the group's own error shows here, unless `inner` says the
 * inputs have no names of their own (a set of checkboxes that makes one list).
 */
export function FieldGroup(props: { name: string; legend: string; hint?: string; children: ReactNode; inner?: boolean }) {
  const id = useId();
  const form = useContext(FormContext);
  const error = useFieldError(props.name);
  const own = form?.error?.field === props.name || props.inner ? error : null;
  return (
    <fieldset className={`field-group${own ? ' field-invalid' : ''}`} aria-describedby={own ? `${id}-error` : undefined} data-field={props.name}>
      <legend>{props.legend}</legend>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {own && (
        <p className="field-error" id={`${id}-error`} tabIndex={-1} data-error-focus>
          {own}
        </p>
      )}
      {props.children}
    </fieldset>
  );
}
