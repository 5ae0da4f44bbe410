import { useEffect, useState } from 'react';
import { api, unwrap, type Location } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ComboboxField, type Choice } from './Combobox';
import type { FieldShellProps } from './Form';

/**
 * Picks a governorate, an area or a site (never a whole country: needs and households are served
 * somewhere in it) by name or P-code in any script. Before anything is typed it offers the
 * governorates and areas.
 */
export function LocationPickerField(props: FieldShellProps & { value: string; onChange(locationId: string): void }) {
  const { t, nameOf } = useI18n();
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<Location[]>([]);
  const [chosen, setChosen] = useState<Location | null>(null);
  const { value } = props;

  useEffect(() => {
    let current = true;
    const q = search.trim();
    const timer = setTimeout(
      () =>
        void unwrap(api.GET('/api/locations', { params: { query: q ? { q } : { level: 'admin2' } } })).then(
          (places) => current && setFound(places.filter((p) => p.level !== 'country')),
          () => current && setFound([]),
        ),
      q ? 250 : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search]);

  // A place given by the address or a record: its name is fetched once to show it.
  useEffect(() => {
    if (!value || chosen?.id === value) return;
    let current = true;
    unwrap(api.GET('/api/locations/{locationId}', { params: { path: { locationId: value } } })).then(
      (place) => current && setChosen(place),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [value, chosen?.id]);

  const choiceOf = (place: Location): Choice => ({
    value: place.id,
    label: nameOf(place.names),
    detail: [place.siteKind ? t(`siteKind.${place.siteKind}`) : t(`locationLevel.${place.level}`), place.pcode].filter(Boolean).join(' · '),
  });
  const selected = value && chosen?.id === value ? chosen : null;
  return (
    <ComboboxField
      name={props.name}
      label={props.label}
      hint={props.hint ?? t('picker.locationHint')}
      selected={selected ? choiceOf(selected) : null}
      choices={found.map(choiceOf)}
      onSearch={setSearch}
      onChoose={(choice) => {
        setChosen(found.find((p) => p.id === choice?.value) ?? null);
        props.onChange(choice?.value ?? '');
      }}
      empty={t('picker.noPlaces')}
    />
  );
}
