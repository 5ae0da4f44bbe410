import { useState } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { localError } from '../ui/errors';
import { Form, TextField, useFormState } from '../ui/Form';
import { PageHeader } from '../ui/PageHeader';

/** First start: the person holding the setup token from the server log becomes its administrator. */
export default function Setup() {
  const { t } = useI18n();
  const session = useSession();
  const [setupToken, setSetupToken] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormState();

  const submit = () =>
    form.run(async () => {
      try {
        await unwrap(api.POST('/api/setup', { body: { setupToken: setupToken.trim(), email, displayName, password } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) throw localError('wrong_setup_token', 'setupToken');
        if (error instanceof ApiError && error.status === 409) throw localError('already_set_up');
        throw error;
      }
      const { user } = await unwrap(api.POST('/api/auth/sign-in', { body: { email, password } }));
      await session.signedIn(user);
      navigate('/', { replace: true });
    });

  return (
    <>
      <PageHeader title={t('setup.title')}>
        <p>{t('setup.intro')}</p>
      </PageHeader>
      <Form state={form} onSubmit={submit} submitLabel={t('setup.submit')}>
        <TextField
          name="setupToken"
          label={t('setup.token')}
          hint={t('setup.tokenHint')}
          autoComplete="off"
          dir="ltr"
          value={setupToken}
          onChange={setSetupToken}
        />
        <TextField name="displayName" label={t('field.displayName')} autoComplete="name" value={displayName} onChange={setDisplayName} />
        <TextField name="email" type="email" label={t('field.email')} autoComplete="username" dir="ltr" value={email} onChange={setEmail} />
        <TextField
          name="password"
          type="password"
          label={t('field.newPassword')}
          hint={t('field.passwordHint')}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
        />
      </Form>
      <p className="muted">
        <Link to="/sign-in">{t('setup.haveAccount')}</Link>
      </p>
    </>
  );
}
