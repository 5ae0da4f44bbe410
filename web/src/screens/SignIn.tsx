import { useEffect, useState } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { localError } from '../ui/errors';
import { Form, TextField, useFormState } from '../ui/Form';
import { PageHeader } from '../ui/PageHeader';

/** Only a path of this app: `next` comes from the address bar and must not lead elsewhere. */
const safeNext = (next: string | null) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export default function SignIn() {
  const { t } = useI18n();
  const session = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormState();

  useEffect(() => {
    if (session.user) navigate(next, { replace: true });
  }, [session.user, next]);

  const submit = () =>
    form.run(async () => {
      try {
        const { user } = await unwrap(api.POST('/api/auth/sign-in', { body: { email, password } }));
        await session.signedIn(user);
      } catch (error) {
        // The server does not say which of the two was wrong, and neither do we.
        if (error instanceof ApiError && error.status === 401) throw localError('wrong_credentials');
        throw error;
      }
    });

  return (
    <>
      <PageHeader title={t('signIn.title')} />
      <Form state={form} onSubmit={submit} submitLabel={t('signIn.submit')}>
        <TextField name="email" type="email" label={t('field.email')} autoComplete="username" dir="ltr" value={email} onChange={setEmail} />
        <TextField
          name="password"
          type="password"
          label={t('field.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
      </Form>
      <p className="muted">
        {t('signIn.firstTime')} <Link to="/setup">{t('signIn.setupLink')}</Link>
      </p>
    </>
  );
}
