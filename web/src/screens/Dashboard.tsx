import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useSession, useUser } from '../session';
import { PageHeader } from '../ui/PageHeader';

/**
 * The overview. Its figures (pipeline, coverage, expiry, checkpoints, losses) come from the stock
 * ledger, which this server does not have yet; until then it says so rather than show made-up numbers.
 */
export default function Dashboard() {
  const { t, nameOf, formatDay } = useI18n();
  const user = useUser();
  const session = useSession();
  const today = todayHere();
  return (
    <div data-screen="dashboard">
      <PageHeader title={t('dashboard.title')}>
        <p>
          {t('dashboard.greeting', { name: user.displayName })} · <time dateTime={today}>{formatDay(today)}</time>
        </p>
      </PageHeader>
      <section className="panel" aria-labelledby="dashboard-figures">
        <h2 id="dashboard-figures">{t('dashboard.figuresTitle')}</h2>
        <p className="muted">{t('dashboard.figuresPending')}</p>
      </section>
      <section className="panel" aria-labelledby="dashboard-memberships">
        <h2 id="dashboard-memberships">{t('dashboard.membershipsTitle')}</h2>
        {user.memberships.length === 0 ? (
          <p className="muted">{user.isInstanceAdmin ? t('dashboard.noMembershipsAdmin') : t('dashboard.noMemberships')}</p>
        ) : (
          <ul>
            {user.memberships.map((m) => (
              <li key={m.organisationId}>
                <Link to={`/organisations/${m.organisationId}`}>{nameOf(m.organisationNames)}</Link> · {t(`role.${m.role}`)}
              </li>
            ))}
          </ul>
        )}
        {session.can('organisation:create') && (
          <p>
            <Link to="/organisations/new">{t('organisations.new')}</Link>
          </p>
        )}
      </section>
    </div>
  );
}
