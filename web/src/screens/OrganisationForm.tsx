import { useState } from 'react';
import { api, unwrap, type Names, type Organisation } from '../api/client';
import { organisationKinds } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { cleanNames, NamesFields } from '../ui/NamesFields';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

type Contact = Organisation['contacts'][number];
type ContactDraft = { name: string; role: string; email: string; phone: string };

const draftOf = (c: Contact): ContactDraft => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' });

/** Empty optional fields are left out, as the API wants them absent rather than blank. */
function contactOf(d: ContactDraft): Contact {
  const contact: Contact = { name: d.name.trim() };
  if (d.role.trim()) contact.role = d.role.trim();
  if (d.email.trim()) contact.email = d.email.trim();
  if (d.phone.trim()) contact.phone = d.phone.trim();
  return contact;
}

/** Registers an organisation (`/organisations/new`) or shows and edits one. */
export default function OrganisationForm({ params }: ScreenProps) {
  const id = params.organisationId;
  const organisation = useLoad(async () => (id ? unwrap(api.GET('/api/organisations/{organisationId}', { params: { path: { organisationId: id } } })) : null), [id]);
  return <Load state={organisation}>{(loaded) => <Editor key={loaded?.id ?? 'new'} organisation={loaded} />}</Load>;
}

function Editor({ organisation }: { organisation: Organisation | null }) {
  const { t, nameOf, formatDate } = useI18n();
  const session = useSession();
  const [kind, setKind] = useState<Organisation['kind']>(organisation?.kind ?? 'partner');
  const [names, setNames] = useState<Names>(organisation?.names ?? {});
  const [country, setCountry] = useState(organisation?.country ?? '');
  const [contacts, setContacts] = useState<ContactDraft[]>(organisation?.contacts.map(draftOf) ?? []);
  const [saved, setSaved] = useState(false);
  const form = useFormState();
  const canEdit = organisation ? session.can('organisation:manage', organisation.id) : session.can('organisation:create');

  const submit = () =>
    form.run(async () => {
      const body = { names: cleanNames(names), country: country.trim().toUpperCase(), contacts: contacts.map(contactOf) };
      if (organisation) {
        await unwrap(api.PATCH('/api/organisations/{organisationId}', { params: { path: { organisationId: organisation.id } }, body }));
        setSaved(true);
      } else {
        const created = await unwrap(api.POST('/api/organisations', { body: { ...body, kind } }));
        navigate(`/organisations/${created.id}`, { replace: true });
      }
    });

  const setContact = (index: number, change: Partial<ContactDraft>) =>
    setContacts((list) => list.map((c, i) => (i === index ? { ...c, ...change } : c)));

  const title = organisation ? nameOf(organisation.names) : t('organisations.new');
  const membersLink = organisation && session.can('members:read', organisation.id) && (
    <Link className="button" to={`/organisations/${organisation.id}/members`}>
      {t('members.title')}
    </Link>
  );

  if (!canEdit && organisation) {
    return (
      <>
        <PageHeader title={title} actions={membersLink}>
          <p>{t(`organisationKind.${organisation.kind}`)}</p>
        </PageHeader>
        <dl className="panel">
          <dt>{t('field.country')}</dt>
          <dd>
            <span className="code">{organisation.country}</span>
          </dd>
          <dt>{t('common.created')}</dt>
          <dd>
            <time dateTime={organisation.createdAt}>{formatDate(organisation.createdAt)}</time>
          </dd>
          <dt>{t('organisations.contacts')}</dt>
          {organisation.contacts.map((c, i) => (
            <dd key={i}>{[c.name, c.role, c.email, c.phone].filter(Boolean).join(' · ')}</dd>
          ))}
        </dl>
      </>
    );
  }
  if (!canEdit) return <PageHeader title={title}><p>{t('error.forbidden')}</p></PageHeader>;

  return (
    <>
      <PageHeader title={title} actions={membersLink}>
        {organisation && <p>{t(`organisationKind.${organisation.kind}`)}</p>}
      </PageHeader>
      {saved && !form.error && (
        <div className="notice notice-ok" role="status">
          {t('common.saved')}
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={organisation ? t('common.save') : t('organisations.create')}>
        {!organisation && (
          <SelectField
            name="kind"
            label={t('organisations.kind')}
            value={kind}
            onChange={setKind}
            options={organisationKinds.map((k) => ({ value: k, label: t(`organisationKind.${k}`) }))}
          />
        )}
        <NamesFields value={names} onChange={setNames} />
        <TextField
          name="country"
          label={t('field.country')}
          hint={t('field.countryHint')}
          dir="ltr"
          maxLength={2}
          autoCapitalize="characters"
          value={country}
          onChange={setCountry}
        />
        <FieldGroup name="contacts" legend={t('organisations.contacts')}>
          {contacts.map((c, i) => (
            <div className="repeat-row" key={i} data-contact={i}>
              <TextField name={`contacts.${i}.name`} label={t('contact.name')} value={c.name} onChange={(name) => setContact(i, { name })} />
              <TextField name={`contacts.${i}.role`} label={t('contact.role')} value={c.role} onChange={(role) => setContact(i, { role })} />
              <TextField
                name={`contacts.${i}.email`}
                type="email"
                dir="ltr"
                label={t('field.email')}
                value={c.email}
                onChange={(email) => setContact(i, { email })}
              />
              <TextField
                name={`contacts.${i}.phone`}
                type="tel"
                dir="ltr"
                label={t('contact.phone')}
                value={c.phone}
                onChange={(phone) => setContact(i, { phone })}
              />
              <button type="button" className="button-quiet" onClick={() => setContacts((list) => list.filter((_, j) => j !== i))}>
                {t('common.remove')}
              </button>
            </div>
          ))}
          <div>
            <button type="button" onClick={() => setContacts((list) => [...list, { name: '', role: '', email: '', phone: '' }])}>
              {t('organisations.addContact')}
            </button>
          </div>
        </FieldGroup>
      </Form>
    </>
  );
}
