import { useState } from 'react';
import { api, unwrap, type Household } from '../api/client';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { EntitlementCheckPanel } from '../ui/EntitlementCheckPanel';
import { Form, useFormState } from '../ui/Form';
import { DocumentNumberField, DuplicateNotice, HouseholdFacts, householdBody, HouseholdFields, householdRef, useHouseholdDraft } from '../ui/households';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

/** One household: its facts, the notice when another partner registered it too, a change, and the entitlement check. */
export default function HouseholdDetail({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const householdId = params.householdId!;
  const data = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/households/{householdId}', { params: { path: { organisationId, householdId } } })),
    [organisationId, householdId],
  );
  return <Load state={data}>{(household) => <HouseholdView key={household.id} household={household} />}</Load>;
}

function HouseholdView({ household: loaded }: { household: Household }) {
  const { t } = useI18n();
  const session = useSession();
  const [query] = useQuery();
  const [household, setHousehold] = useState(loaded);
  const [editing, setEditing] = useState(false);
  const mayEdit = session.can('households:write', household.organisationId);
  return (
    <div data-screen="household">
      <PageHeader
        title={t('household.title', { reference: householdRef(household) })}
        actions={
          <>
            <Link className="button" to={`/households/cards?organisation=${household.organisationId}&code=${household.id}`} data-print-card>
              {t('household.printCard')}
            </Link>
            <Link className="button" to={`/households?organisation=${household.organisationId}`}>
              {t('households.title')}
            </Link>
          </>
        }
      />
      {query.get('registered') && (
        <div className="notice notice-ok" role="status">
          {t('household.registered')}
        </div>
      )}
      <DuplicateNotice household={household} />
      <section className="panel">
        <HouseholdFacts household={household} />
        {mayEdit && !editing && (
          <button type="button" onClick={() => setEditing(true)}>
            {t('household.edit')}
          </button>
        )}
      </section>
      {editing && (
        <HouseholdEditor
          household={household}
          onSaved={(saved) => {
            setHousehold(saved);
            setEditing(false);
          }}
          onClose={() => setEditing(false)}
        />
      )}
      <EntitlementCheckPanel organisationId={household.organisationId} household={household} />
    </div>
  );
}

function HouseholdEditor({ household, onSaved, onClose }: { household: Household; onSaved(household: Household): void; onClose(): void }) {
  const { t } = useI18n();
  const draftOf = useHouseholdDraft();
  const [draft, setDraft] = useState(() => draftOf(household));
  const [documentNumber, setDocumentNumber] = useState('');
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      const body = { ...householdBody(draft), ...(documentNumber.trim() ? { documentNumber } : {}) };
      const saved = await unwrap(
        api.PATCH('/api/organisations/{organisationId}/households/{householdId}', {
          params: { path: { organisationId: household.organisationId, householdId: household.id } },
          body,
        }),
      );
      setDocumentNumber('');
      onSaved(saved);
    });
  return (
    <section className="panel" aria-labelledby="household-edit">
      <h2 id="household-edit">{t('household.edit')}</h2>
      <Form
        state={form}
        onSubmit={submit}
        submitLabel={t('common.save')}
        actions={
          <button type="button" className="button-quiet" onClick={onClose}>
            {t('cancel.keep')}
          </button>
        }
      >
        <HouseholdFields draft={draft} onChange={setDraft} />
        <DocumentNumberField label={t('household.newDocumentNumber')} hint={t('household.newDocumentNumberHint')} value={documentNumber} onChange={setDocumentNumber} />
      </Form>
    </section>
  );
}
