import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { navSections, routes } from '../routes';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { LanguageSwitcher } from './LanguageSwitcher';

/** The signed-in frame: top bar, navigation (a drawer on phones), and the screen. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const session = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);

  const entries = routes.filter((r) => r.nav && (!r.nav.permission || session.can(r.nav.permission)));
  // /catalogue/123 is still the catalogue; the longest matching entry is the current one.
  const current = entries
    .filter((r) => pathname === r.path || (r.path !== '/' && pathname.startsWith(`${r.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="site-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span> {t('nav.menu')}
        </button>
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <div className="topbar-end">
          <LanguageSwitcher />
          <span className="user-name">{session.user?.displayName}</span>
          <button
            type="button"
            className="button-quiet"
            onClick={async () => {
              await session.signOut();
              navigate('/sign-in', { replace: true });
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav id="site-nav" className={`site-nav${menuOpen ? ' open' : ''}`} aria-label={t('nav.label')}>
        {navSections.map((section) => {
          const inSection = entries.filter((r) => r.nav!.section === section);
          if (inSection.length === 0) return null;
          return (
            <div key={section} className="nav-section">
              <h2>{t(`nav.section.${section}`)}</h2>
              <ul>
                {inSection.map((r) => (
                  <li key={r.path}>
                    <Link to={r.path} aria-current={r === current ? 'page' : undefined}>
                      {t(r.nav!.label)}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** Sign-in and set-up: the screen alone, with the language choice. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="public-shell">
      <header className="public-header">
        <span className="brand">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="public-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
