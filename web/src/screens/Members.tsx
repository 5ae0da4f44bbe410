import { useState } from 'react';
import { api, unwrap, type Member, type Organisation } from '../api/client';
import { roles } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { errorText } from '../ui/errors';
import { Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type Role = Member['role'];

/** The people of one organisation and their roles. */
export default function Members({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const path = { organisationId };
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/organisations/{organisationId}', { params: { path } })),
        unwrap(api.GET('/api/organisations/{organisationId}/members', { params: { path } })),
      ]),
    [organisationId],
  );
  return <Load state={data}>{([organisation, members]) => <MemberList organisation={organisation} members={members} reload={data.reload} />}</Load>;
}

function MemberList({ organisation, members, reload }: { organisation: Organisation; members: Member[]; reload(): void }) {
  const i18n = useI18n();
  const { t, nameOf, formatDate } = i18n;
  const session = useSession();
  const canManage = session.can('members:manage', organisation.id);
  const path = { organisationId: organisation.id };
  const roleOptions = roles.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const rowAction = useFormState();

  const changeRole = (userId: string, role: Role) =>
    rowAction.run(async () => {
      await unwrap(api.PATCH('/api/organisations/{organisationId}/members/{userId}', { params: { path: { ...path, userId } }, body: { role } }));
      reload();
    });
  const remove = (member: Member) => {
    if (!window.confirm(t('members.confirmRemove', { name: member.displayName }))) return;
    void rowAction.run(async () => {
      await unwrap(api.DELETE('/api/organisations/{organisationId}/members/{userId}', { params: { path: { ...path, userId: member.userId } } }));
      reload();
    });
  };

  return (
    <>
      <PageHeader title={t('members.title')}>
        <p>
          <Link to={`/organisations/${organisation.id}`}>{nameOf(organisation.names)}</Link>
        </p>
      </PageHeader>
      {rowAction.error && (
        <div className="notice notice-error" role="alert">
          {errorText(i18n, rowAction.error)}
        </div>
      )}
      <Table
        rows={members}
        rowKey={(m) => m.userId}
        empty={t('members.empty')}
        columns={[
          {
            header: t('field.displayName'),
            cell: (m) => (
              <>
                {m.displayName} {m.disabled && <span className="tag tag-muted">{t('members.disabled')}</span>}
              </>
            ),
          },
          { header: t('field.email'), code: true, cell: (m) => m.email },
          {
            header: t('members.role'),
            cell: (m) =>
              canManage ? (
                <select
                  aria-label={t('members.roleOf', { name: m.displayName })}
                  value={m.role}
                  disabled={rowAction.busy}
                  onChange={(e) => void changeRole(m.userId, e.target.value as Role)}
                >
                  {roleOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                t(`role.${m.role}`)
              ),
          },
          { header: t('members.since'), cell: (m) => <time dateTime={m.since}>{formatDate(m.since)}</time> },
          canManage && {
            header: t('common.actions'),
            cell: (m) => (
              <button type="button" className="button-danger" disabled={rowAction.busy} onClick={() => remove(m)}>
                {t('common.remove')}
              </button>
            ),
          },
        ]}
      />
      {canManage && <AddMember organisationId={organisation.id} onAdded={reload} />}
    </>
  );
}

function AddMember({ organisationId, onAdded }: { organisationId: string; onAdded(): void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('field');
  const [added, setAdded] = useState<{ email: string; temporaryPassword: string | null } | null>(null);
  const form = useFormState();

  const submit = () =>
    form.run(async () => {
      const body = { email, role, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) };
      const result = await unwrap(api.POST('/api/organisations/{organisationId}/members', { params: { path: { organisationId } }, body }));
      setAdded({ email: result.member.email, temporaryPassword: result.temporaryPassword });
      setEmail('');
      setDisplayName('');
      onAdded();
    });

  return (
    <section className="panel" aria-labelledby="add-member" style={{ marginBlockStart: '1.5rem' }}>
      <h2 id="add-member">{t('members.add')}</h2>
      {added && (
        <div className="notice notice-ok" role="status">
          <p>{t('members.added', { email: added.email })}</p>
          {added.temporaryPassword && (
            <>
              <p>{t('members.temporaryPassword')}</p>
              <code className="secret">{added.temporaryPassword}</code>
            </>
          )}
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={t('members.addSubmit')}>
        <TextField name="email" type="email" dir="ltr" label={t('field.email')} value={email} onChange={setEmail} />
        <TextField
          name="displayName"
          label={t('field.displayName')}
          hint={t('members.displayNameHint')}
          value={displayName}
          onChange={setDisplayName}
        />
        <SelectField name="role" label={t('members.role')} value={role} onChange={setRole} options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Form>
    </section>
  );
}
