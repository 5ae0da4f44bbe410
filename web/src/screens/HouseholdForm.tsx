import { useState } from 'react';
import { api, unwrap, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { navigate, useQuery } from '../router';
import { Form, useFormState } from '../ui/Form';
import { DocumentNumberField, householdBody, HouseholdFields, useHouseholdDraft } from '../ui/households';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';

/** Registers a household of the partner, designed for a field officer's phone. */
export default function HouseholdForm() {
  const acting = useActingOrganisations('households:write', 'partner');
  return <Load state={acting}>{(candidates) => <Register candidates={candidates} />}</Load>;
}

function Register({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, nameOf } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const [documentNumber, setDocumentNumber] = useState('');
  const draftOf = useHouseholdDraft();
  const [draft, setDraft] = useState(() => draftOf(null));
  const form = useFormState();
  if (!organisation) {
    return <NotAllowed title={t('households.new')} reason={t('households.notAllowed')} />;
  }

  const submit = () =>
    form.run(async () => {
      const household = await unwrap(
        api.POST('/api/organisations/{organisationId}/households', {
          params: { path: { organisationId: organisation.id } },
          body: { documentNumber, ...householdBody(draft) },
        }),
      );
      // The number is dropped from memory as soon as the server has its pseudonym.
      setDocumentNumber('');
      navigate(`/households/${organisation.id}/${household.id}?registered=1`, { replace: true });
    });

  return (
    <>
      <PageHeader title={t('households.new')}>
        <p>{t('household.registerIntro', { organisation: nameOf(organisation.names) })}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('households.organisation')} />
      </div>
      <Form state={form} onSubmit={submit} submitLabel={t('household.register')}>
        <DocumentNumberField value={documentNumber} onChange={setDocumentNumber} />
        <HouseholdFields draft={draft} onChange={setDraft} />
      </Form>
    </>
  );
}
