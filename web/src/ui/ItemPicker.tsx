import { useMemo, useState } from 'react';
import type { Item } from '../api/client';
import { matchesSearch } from '../i18n/fold';
import { useI18n } from '../i18n/i18n';
import { ComboboxField, type Choice } from './Combobox';
import type { FieldShellProps } from './Form';

const MAX_CHOICES = 30;

/**
 * Picks an item or kit from the catalogue (loaded once by the screen) by code or name, typed in
 * any script and any digits.
 */
export function ItemPickerField(props: FieldShellProps & { items: readonly Item[]; value: string; onChange(itemId: string): void; disabled?: boolean }) {
  const { t, nameOf } = useI18n();
  const [search, setSearch] = useState('');
  const choiceOf = (item: Item): Choice => ({
    value: item.id,
    label: nameOf(item.names),
    detail: `${item.code} · ${item.unit}${item.isKit ? ` · ${t('item.kit')}` : ''}`,
  });
  const selectedItem = props.items.find((item) => item.id === props.value);
  const choices = useMemo(
    () =>
      props.items
        .filter((item) => matchesSearch(search, [item.code, item.names.en, item.names.fa, item.names.ar]))
        .slice(0, MAX_CHOICES),
    [props.items, search],
  );
  return (
    <ComboboxField
      name={props.name}
      label={props.label}
      hint={props.hint ?? t('picker.itemHint')}
      selected={selectedItem ? choiceOf(selectedItem) : null}
      choices={choices.map(choiceOf)}
      onSearch={setSearch}
      onChoose={(choice) => props.onChange(choice?.value ?? '')}
      empty={t('picker.noItems')}
      disabled={props.disabled}
    />
  );
}
