import type { Household } from '../api/client';
import { vulnerabilityFlags } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { CheckboxField, FieldGroup, TextField } from './Form';
import { LocationPickerField } from './LocationPicker';
import { requiredNumber, useNumberText } from './numbers';

export type Vulnerability = Household['vulnerabilities'][number];

/** A household as a form edits it: counts as typed (in any digits), flags ticked. */
export interface HouseholdDraft {
  locationId: string;
  members: string;
  childrenUnder5: string;
  schoolAgeChildren: string;
  vulnerabilities: Vulnerability[];
}

export function useHouseholdDraft(): (household: Household | null) => HouseholdDraft {
  const numberText = useNumberText();
  return (household) => ({
    locationId: household?.location.id ?? '',
    members: numberText(household?.memberCount),
    childrenUnder5: numberText(household?.childrenUnder5Count ?? 0),
    schoolAgeChildren: numberText(household?.schoolAgeChildrenCount ?? 0),
    vulnerabilities: household?.vulnerabilities ?? [],
  });
}

/** The draft as the API takes it (the same fields for registering and for a change). */
export const householdBody = (draft: HouseholdDraft) => ({
  locationId: draft.locationId,
  memberCount: requiredNumber(draft.members, 'memberCount'),
  childrenUnder5Count: requiredNumber(draft.childrenUnder5, 'childrenUnder5Count'),
  schoolAgeChildrenCount: requiredNumber(draft.schoolAgeChildren, 'schoolAgeChildrenCount'),
  vulnerabilities: draft.vulnerabilities,
});

/**
 * The identity document number. It is typed, sent once in a request body, and forgotten: the
 * browser is told not to remember it, and the app never writes it to the address, to storage or
 * back on the screen.
 */
export function DocumentNumberField(props: { value: string; onChange(value: string): void; label?: string; hint?: string }) {
  const { t } = useI18n();
  return (
    <TextField
      name="documentNumber"
      label={props.label ?? t('household.documentNumber')}
      hint={props.hint ?? t('household.documentNumberHint')}
      autoComplete="off"
      autoCorrect="off"
      autoCapitalize="off"
      spellCheck={false}
      dir="ltr"
      data-private=""
      value={props.value}
      onChange={props.onChange}
    />
  );
}

/** What a distribution needs to know of a household, and nothing more (no names, no address). */
export function HouseholdFields({ draft, onChange }: { draft: HouseholdDraft; onChange(draft: HouseholdDraft): void }) {
  const { t } = useI18n();
  const set = (change: Partial<HouseholdDraft>) => onChange({ ...draft, ...change });
  return (
    <>
      <LocationPickerField name="locationId" label={t('household.location')} hint={t('household.locationHint')} value={draft.locationId} onChange={(locationId) => set({ locationId })} />
      <div className="form-row">
        <TextField name="memberCount" label={t('household.members')} inputMode="numeric" value={draft.members} onChange={(members) => set({ members })} />
        <TextField name="childrenUnder5Count" label={t('household.childrenUnder5')} inputMode="numeric" value={draft.childrenUnder5} onChange={(childrenUnder5) => set({ childrenUnder5 })} />
        <TextField
          name="schoolAgeChildrenCount"
          label={t('household.schoolAgeChildren')}
          hint={t('household.schoolAgeHint')}
          inputMode="numeric"
          value={draft.schoolAgeChildren}
          onChange={(schoolAgeChildren) => set({ schoolAgeChildren })}
        />
      </div>
      <FieldGroup name="vulnerabilities" legend={t('household.vulnerabilities')} hint={t('household.vulnerabilitiesHint')} inner>
        <div className="checkbox-grid">
          {vulnerabilityFlags.map((flag) => (
            <CheckboxField
              key={flag}
              name={`vulnerability-${flag}`}
              label={t(`vulnerability.${flag}`)}
              checked={draft.vulnerabilities.includes(flag)}
              onChange={(checked) =>
                set({ vulnerabilities: checked ? [...draft.vulnerabilities, flag] : draft.vulnerabilities.filter((f) => f !== flag) })
              }
            />
          ))}
        </div>
      </FieldGroup>
    </>
  );
}

/** The household's size, place and flags, as a card. */
export function HouseholdFacts({ household }: { household: Household }) {
  const { t, nameOf, formatNumber, formatDate } = useI18n();
  return (
    <dl className="facts" data-household={household.id}>
      <dt>{t('household.location')}</dt>
      <dd>{nameOf(household.location.names)}</dd>
      <dt>{t('household.members')}</dt>
      <dd>{formatNumber(household.memberCount)}</dd>
      <dt>{t('household.childrenUnder5')}</dt>
      <dd>{formatNumber(household.childrenUnder5Count)}</dd>
      <dt>{t('household.schoolAgeChildren')}</dt>
      <dd>{formatNumber(household.schoolAgeChildrenCount)}</dd>
      <dt>{t('household.vulnerabilities')}</dt>
      <dd>
        {household.vulnerabilities.length === 0
          ? t('household.noVulnerabilities')
          : household.vulnerabilities.map((flag) => (
              <span key={flag} className="tag">
                {t(`vulnerability.${flag}`)}
              </span>
            ))}
      </dd>
      <dt>{t('household.registeredAt')}</dt>
      <dd>
        <time dateTime={household.registeredAt}>{formatDate(household.registeredAt)}</time>
      </dd>
    </dl>
  );
}

/**
 * That another partner registered the same identity document: whom to talk to and since when,
 * so the two partners can agree who serves the family. Nothing else of theirs is known here.
 */
export function DuplicateNotice({ household }: { household: Household }) {
  const { t, nameOf, formatDay } = useI18n();
  if (household.alsoRegisteredWith.length === 0) return null;
  return (
    <div className="notice notice-warning" role="status" data-duplicate>
      {household.alsoRegisteredWith.map((other) => (
        <p key={other.organisation.id}>
          {t('household.alsoRegistered', { organisation: nameOf(other.organisation.names), date: formatDay(other.registeredOn) })}
        </p>
      ))}
      <p>{t('household.alsoRegisteredAdvice')}</p>
    </div>
  );
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A household code as typed or scanned, in any digits: its id, a link to it, or its short reference HH-1A2B3C4D. */
export function readHouseholdCode(text: string): { id: string } | { prefix: string } | null {
  const latin = text
    .trim()
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const id = UUID.exec(latin)?.[0];
  if (id) return { id: id.toLowerCase() };
  const ref = /^(?:HH-?)?([0-9a-f]{8})$/i.exec(latin.replace(/\s/g, ''));
  return ref ? { prefix: ref[1]!.toLowerCase() } : null;
}

/** A short handle for a household in lists, from its id: households have no names here. */
export const householdRef = (household: Household) => `HH-${household.id.slice(0, 8).toUpperCase()}`;

/**
 * The households list's filters as the address keeps them (`organisation`, `location`, `code`,
 * `duplicates`) and as the API takes them: the list and its printed cards read the same ones.
 */
export function householdFilter(query: URLSearchParams) {
  const locationId = query.get('location') ?? '';
  const duplicates = query.get('duplicates') === 'true';
  const codeText = query.get('code') ?? '';
  const read = codeText ? readHouseholdCode(codeText) : null;
  const code = read ? ('id' in read ? read.id : read.prefix) : '';
  const api = { ...(locationId ? { locationId } : {}), ...(code ? { code } : {}), ...(duplicates ? { duplicates: 'true' as const } : {}) };
  return { locationId, duplicates, codeText, codeUnreadable: codeText !== '' && !read, api, key: JSON.stringify(api) };
}
