import { useState } from 'react';
import { api, unwrap, type ApiToken } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { parseNumber } from '../i18n/numbers';
import { errorText, localError } from '../ui/errors';
import { Form, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

/** My API tokens, for scripts and field devices. A token's secret is shown once, when made. */
export default function Tokens() {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const tokens = useLoad(() => unwrap(api.GET('/api/me/tokens')), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useFormState();
  const revoking = useFormState();

  const create = () =>
    form.run(async () => {
      const expiresInDays = days.trim() ? parseNumber(days) : undefined;
      if (expiresInDays === null) throw localError('not_a_number', 'expiresInDays');
      const created = await unwrap(api.POST('/api/me/tokens', { body: { name, ...(expiresInDays !== undefined ? { expiresInDays } : {}) } }));
      setSecret({ name: created.name, token: created.token });
      setCopied(false);
      setName('');
      setDays('');
      tokens.reload();
    });

  const revoke = (token: ApiToken) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    void revoking.run(async () => {
      await unwrap(api.DELETE('/api/me/tokens/{tokenId}', { params: { path: { tokenId: token.id } } }));
      tokens.reload();
    });
  };

  const status = (token: ApiToken) =>
    token.revokedAt
      ? t('tokens.revoked')
      : token.expiresAt && new Date(token.expiresAt) < new Date()
        ? t('tokens.expired')
        : t('tokens.active');

  return (
    <>
      <PageHeader title={t('tokens.title')}>
        <p>{t('tokens.intro')}</p>
      </PageHeader>
      {secret && (
        <div className="notice notice-ok" role="status" data-secret>
          <p>{t('tokens.created', { name: secret.name })}</p>
          <code className="secret">{secret.token}</code>
          <button
            type="button"
            onClick={async () => {
              await navigator.clipboard.writeText(secret.token);
              setCopied(true);
            }}
          >
            {copied ? t('common.copied') : t('common.copy')}
          </button>
        </div>
      )}
      <section className="panel" aria-labelledby="new-token">
        <h2 id="new-token">{t('tokens.new')}</h2>
        <Form state={form} onSubmit={create} submitLabel={t('tokens.create')}>
          <div className="form-row">
            <TextField name="name" label={t('tokens.name')} hint={t('tokens.nameHint')} value={name} onChange={setName} />
            <TextField
              name="expiresInDays"
              label={t('tokens.expiresInDays')}
              hint={t('tokens.expiresHint')}
              inputMode="numeric"
              value={days}
              onChange={setDays}
            />
          </div>
        </Form>
      </section>
      {revoking.error && (
        <div className="notice notice-error" role="alert">
          {errorText(i18n, revoking.error)}
        </div>
      )}
      <Load state={tokens}>
        {(list) => (
          <Table
            rows={list}
            rowKey={(token) => token.id}
            empty={t('tokens.empty')}
            columns={[
              { header: t('tokens.name'), cell: (token) => token.name },
              { header: t('tokens.prefix'), code: true, cell: (token) => `${token.prefix}…` },
              { header: t('common.created'), cell: (token) => <time dateTime={token.createdAt}>{formatDate(token.createdAt)}</time> },
              {
                header: t('tokens.expires'),
                cell: (token) => (token.expiresAt ? <time dateTime={token.expiresAt}>{formatDate(token.expiresAt)}</time> : t('tokens.never')),
              },
              {
                header: t('tokens.lastUsed'),
                cell: (token) => (token.lastUsedAt ? <time dateTime={token.lastUsedAt}>{formatDateTime(token.lastUsedAt)}</time> : t('tokens.notUsed')),
              },
              { header: t('common.status'), cell: status },
              {
                header: t('common.actions'),
                cell: (token) =>
                  !token.revokedAt && (
                    <button type="button" className="button-danger" disabled={revoking.busy} onClick={() => revoke(token)}>
                      {t('tokens.revoke')}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Load>
    </>
  );
}
