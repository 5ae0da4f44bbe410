import type { Names } from '../api/client';
import { languages, useI18n } from '../i18n/i18n';
import { FieldGroup, TextField } from './Form';

/** Each name is typed in its own script's direction, whatever the language of the page. */
const scriptDir = { en: 'ltr', fa: 'rtl', ar: 'rtl' } as const;

/** A name in English, Persian and Arabic; at least one is needed. */
export function NamesFields({ value, onChange, name = 'names' }: { value: Names; onChange(names: Names): void; name?: string }) {
  const { t } = useI18n();
  return (
    <FieldGroup name={name} legend={t('names.legend')} hint={t('names.hint')}>
      <div className="names-fields">
        {languages.map((language) => (
          <TextField
            key={language}
            name={`${name}.${language}`}
            label={t(`names.${language}`)}
            lang={language}
            dir={scriptDir[language]}
            value={value[language] ?? ''}
            onChange={(text) => onChange({ ...value, [language]: text })}
          />
        ))}
      </div>
    </FieldGroup>
  );
}

/** The names as the API takes them: empty scripts left out, spaces trimmed. */
export function cleanNames(names: Names): Names {
  const clean: Names = {};
  for (const language of languages) {
    const text = names[language]?.trim();
    if (text) clean[language] = text;
  }
  return clean;
}
