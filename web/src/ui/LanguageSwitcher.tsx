import { useId } from 'react';
import { isLanguage, languages, useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/** Switches the whole app (direction, calendar, digits) and remembers the choice here and on the account. */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  const session = useSession();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select
        id={id}
        value={language}
        onChange={async (event) => {
          const next = event.target.value;
          if (!isLanguage(next)) return;
          await setLanguage(next);
          // The account remembers it for other devices; failing that, this device still does.
          await session.rememberLanguage(next).catch(() => undefined);
        }}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
