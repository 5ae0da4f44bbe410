import type { Item } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { FieldGroup, TextField } from './Form';
import { ItemPickerField } from './ItemPicker';

export interface ItemLineDraft {
  itemId: string;
  /** As typed, in any digits. */
  quantity: string;
}

/**
 * Lines of items or kits with a quantity each (a need's lines, the lines of a distribution to
 * check), named `lines.<i>.itemId` and `lines.<i>.quantityUnits` as the API names them.
 */
export function ItemLinesField(props: {
  legend: string;
  hint?: string;
  addLabel: string;
  items: readonly Item[];
  lines: readonly ItemLineDraft[];
  onChange(lines: ItemLineDraft[]): void;
  /** The quantity a new line starts with. */
  newQuantity?: string;
}) {
  const { t } = useI18n();
  const { lines, onChange, items } = props;
  const set = (index: number, change: Partial<ItemLineDraft>) => onChange(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));
  return (
    <FieldGroup name="lines" legend={props.legend} hint={props.hint}>
      {lines.map((line, i) => (
        <div className="repeat-row repeat-row-wide-first" key={i} data-line={i}>
          <ItemPickerField name={`lines.${i}.itemId`} label={t('need.item')} items={items} value={line.itemId} onChange={(itemId) => set(i, { itemId })} />
          <TextField
            name={`lines.${i}.quantityUnits`}
            label={t('need.quantity')}
            hint={items.find((it) => it.id === line.itemId)?.unit}
            inputMode="numeric"
            value={line.quantity}
            onChange={(quantity) => set(i, { quantity })}
          />
          <button type="button" className="button-quiet" disabled={lines.length === 1} onClick={() => onChange(lines.filter((_, j) => j !== i))}>
            {t('common.remove')}
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={() => onChange([...lines, { itemId: '', quantity: props.newQuantity ?? '' }])}>
          {props.addLabel}
        </button>
      </div>
    </FieldGroup>
  );
}
