import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../router';
import { useSession, useUser } from '../session';
import { localError } from '../ui/errors';
import { Form, TextField, useFormState } from '../ui/Form';
import { PageHeader } from '../ui/PageHeader';

export default function Password() {
  const { t } = useI18n();
  const session = useSession();
  const user = useUser();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [changed, setChanged] = useState(false);
  const form = useFormState();
  const wasForced = user.mustChangePassword;

  const submit = () =>
    form.run(async () => {
      if (newPassword !== repeated) throw localError('passwords_differ', 'repeatPassword');
      await unwrap(api.POST('/api/me/password', { body: { currentPassword, newPassword } }));
      await session.refresh();
      setCurrentPassword('');
      setNewPassword('');
      setRepeated('');
      setChanged(true);
      if (wasForced) navigate('/', { replace: true });
    });

  return (
    <>
      <PageHeader title={t('password.title')} />
      {user.mustChangePassword && (
        <div className="notice" role="status">
          {t('password.mustChange')}
        </div>
      )}
      {changed && (
        <div className="notice notice-ok" role="status">
          {t('password.changed')}
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={t('password.submit')}>
        <TextField
          name="currentPassword"
          type="password"
          label={t('field.currentPassword')}
          autoComplete="current-password"
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t('field.newPassword')}
          hint={t('field.passwordHint')}
          autoComplete="new-password"
          value={newPassword}
          onChange={setNewPassword}
        />
        <TextField
          name="repeatPassword"
          type="password"
          label={t('field.repeatPassword')}
          autoComplete="new-password"
          value={repeated}
          onChange={setRepeated}
        />
      </Form>
    </>
  );
}
