import { useState } from 'react';
import { api, unwrap, type Household, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { EntitlementCheckPanel } from '../ui/EntitlementCheckPanel';
import { Form, useFormState } from '../ui/Form';
import { DocumentNumberField, DuplicateNotice, HouseholdFacts, householdRef } from '../ui/households';
import { Load } from '../ui/Loading';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';

/**
 * At a distribution: the field officer types the number on the document a person shows, and gets
 * the household (or a clear "not registered with us"), then checks what it may receive.
 */
export default function HouseholdFind() {
  const acting = useActingOrganisations('households:read', 'partner');
  return <Load state={acting}>{(candidates) => <Find candidates={candidates} />}</Load>;
}

function Find({ candidates }: { candidates: OrganisationRef[] }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const [documentNumber, setDocumentNumber] = useState('');
  const [found, setFound] = useState<Household | null>(null);
  const form = useFormState();
  if (!organisation) {
    return <NotAllowed title={t('households.find')} reason={t('households.notAllowed')} />;
  }

  const submit = () =>
    form.run(async () => {
      setFound(null);
      const household = await unwrap(
        api.POST('/api/organisations/{organisationId}/households/lookup', { params: { path: { organisationId: organisation.id } }, body: { documentNumber } }),
      );
      // Found: the number has done its work and is cleared, so it is not left on a shared phone.
      setDocumentNumber('');
      setFound(household);
    });

  return (
    <>
      <PageHeader title={t('households.find')}>
        <p>{t('household.findIntro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('households.organisation')} />
      </div>
      <Form state={form} onSubmit={submit} submitLabel={t('household.findSubmit')}>
        <DocumentNumberField value={documentNumber} onChange={setDocumentNumber} hint={t('household.findHint')} />
      </Form>
      {found && (
        <div data-found={found.id}>
          <section className="panel" aria-labelledby="found-household">
            <h2 id="found-household">
              <Link to={`/households/${organisation.id}/${found.id}`}>{t('household.title', { reference: householdRef(found) })}</Link>
            </h2>
            <DuplicateNotice household={found} />
            <HouseholdFacts household={found} />
          </section>
          <EntitlementCheckPanel key={found.id} organisationId={organisation.id} household={found} />
        </div>
      )}
    </>
  );
}
