import { useState } from 'react';
import { api, ApiError, unwrap, type AuditReport } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Form, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

interface CheckpointSummary {
  createdAt: string;
  keyFingerprint: string;
  transfers: number;
  chains: { organisationId: string; seq: number; hash: string }[];
}

/**
 * The ledger's own check, for monitors and donors: recompute every hash chain and balance and
 * name the first transfer that does not hold; the instance's public key, with which anyone can
 * check a signed checkpoint offline; and the latest checkpoint.
 */
export default function Audit() {
  const { t } = useI18n();
  const key = useLoad(async () => {
    try {
      return await unwrap(api.GET('/api/audit/public-key'));
    } catch (error) {
      // No key yet: the server has never signed a checkpoint.
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }, []);
  const checkpoint = useLoad(async (): Promise<{ file: string; payload: CheckpointSummary } | null> => {
    try {
      const file = await unwrap(api.GET('/api/audit/checkpoints/latest'));
      return { file: JSON.stringify(file, null, 2), payload: JSON.parse(file.payload) as CheckpointSummary };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }, []);
  return (
    <div data-screen="audit">
      <PageHeader title={t('audit.title')}>
        <p>{t('audit.intro')}</p>
      </PageHeader>
      <Verify />
      <section className="panel" aria-labelledby="audit-key" data-public-key>
        <h2 id="audit-key">{t('audit.publicKey')}</h2>
        <Load state={key}>
          {(found) =>
            found ? (
              <>
                <p className="muted">{t('audit.publicKeyIntro')}</p>
                <dl className="facts">
                  <dt>{t('audit.algorithm')}</dt>
                  <dd>
                    <span className="code">{found.algorithm}</span>
                  </dd>
                  <dt>{t('audit.fingerprint')}</dt>
                  <dd>
                    <span className="code break" data-fingerprint>
                      {found.fingerprint}
                    </span>
                  </dd>
                </dl>
                <pre className="secret" data-pem>
                  {found.publicKeyPem}
                </pre>
              </>
            ) : (
              <p className="empty">{t('audit.noKey')}</p>
            )
          }
        </Load>
      </section>
      <Checkpoint state={checkpoint} />
    </div>
  );
}

function Verify() {
  const { t, formatNumber, formatDateTime } = useI18n();
  const [report, setReport] = useState<AuditReport | null>(null);
  const form = useFormState();
  const run = () => form.run(async () => setReport(await unwrap(api.GET('/api/audit/verification'))));
  const broken = report?.chains.find((c) => c.firstBroken)?.firstBroken;
  return (
    <section className="panel" aria-labelledby="audit-verify" data-verify>
      <h2 id="audit-verify">{t('audit.verify')}</h2>
      <p className="muted">{t('audit.verifyIntro')}</p>
      <Form state={form} onSubmit={run} submitLabel={report ? t('audit.verifyAgain') : t('audit.verifyRun')}>
        {null}
      </Form>
      {report && (
        <div aria-live="polite" data-report={report.ok ? 'ok' : 'broken'}>
          <div className={`notice ${report.ok ? 'notice-ok' : 'notice-error'} verdict`} role="status">
            <strong>{report.ok ? t('audit.ok') : t('audit.notOk')}</strong>{' '}
            {t('audit.checked', { transfers: formatNumber(report.transfers), date: formatDateTime(report.checkedAt) })}
          </div>
          {report.firstBrokenTransferId && (
            <div className="notice notice-error" data-first-broken={report.firstBrokenTransferId}>
              <p>{t('audit.firstBroken')}</p>
              <p>
                <span className="code break">{report.firstBrokenTransferId}</span>
                {broken && <> · {t('audit.brokenAt', { seq: formatNumber(broken.seq, { useGrouping: false }) })}</>}
              </p>
              {broken && <p className="prose small">{broken.problem}</p>}
            </div>
          )}
          <ul className="outcomes">
            {(
              [
                ['chains', report.chains.every((c) => !c.firstBroken && c.headMatches)],
                ['balances', report.balances.ok],
                ['conservation', report.conservation.ok],
                ['nonNegative', report.nonNegative.ok],
              ] as const
            ).map(([check, ok]) => (
              <li key={check} className={ok ? 'outcome-ok' : 'outcome-refused'} data-audit-check={check} data-ok={ok}>
                <strong>
                  <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {t(`audit.check.${check}`)}
                </strong>{' '}
                {ok ? t('audit.passed') : t('audit.failed')}
              </li>
            ))}
            {report.checkpoint && (
              <li className={report.checkpoint.ok ? 'outcome-ok' : 'outcome-refused'} data-audit-check="checkpoint" data-ok={report.checkpoint.ok}>
                <strong>
                  <span aria-hidden="true">{report.checkpoint.ok ? '✓' : '✗'}</span> {t('audit.check.checkpoint', { date: formatDateTime(report.checkpoint.createdAt) })}
                </strong>{' '}
                {report.checkpoint.ok ? t('audit.passed') : t('audit.failed')}
              </li>
            )}
          </ul>
        </div>
      )}
    </section>
  );
}

function Checkpoint({ state }: { state: ReturnType<typeof useLoad<{ file: string; payload: CheckpointSummary } | null>> }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  return (
    <section className="panel" aria-labelledby="audit-checkpoint" data-checkpoint>
      <h2 id="audit-checkpoint">{t('audit.checkpoint')}</h2>
      <Load state={state}>
        {(found) =>
          found ? (
            <>
              <p className="muted">{t('audit.checkpointIntro')}</p>
              <dl className="facts">
                <dt>{t('audit.checkpointAt')}</dt>
                <dd>
                  <time dateTime={found.payload.createdAt}>{formatDateTime(found.payload.createdAt)}</time>
                </dd>
                <dt>{t('audit.transfers')}</dt>
                <dd>{formatNumber(found.payload.transfers)}</dd>
                <dt>{t('audit.chains')}</dt>
                <dd>{formatNumber(found.payload.chains.length)}</dd>
              </dl>
              <a
                className="button"
                download="karvan-checkpoint.json"
                href={`data:application/json;charset=utf-8,${encodeURIComponent(found.file)}`}
              >
                {t('audit.download')}
              </a>
            </>
          ) : (
            <p className="empty">{t('audit.noCheckpoint')}</p>
          )
        }
      </Load>
    </section>
  );
}
