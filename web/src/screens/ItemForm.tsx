import { useState } from 'react';
import { api, unwrap, type Item, type Names } from '../api/client';
import { sectors } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { navigate } from '../router';
import { useSession } from '../session';
import { localError } from '../ui/errors';
import { CheckboxField, FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { cleanNames, NamesFields } from '../ui/NamesFields';
import { optionalNumber, requiredNumber, useNumberText } from '../ui/numbers';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

/** Creates an item or kit (`/catalogue/new`), or edits one and a kit's bill of materials. */
export default function ItemForm({ params }: ScreenProps) {
  const id = params.itemId;
  const data = useLoad(
    () =>
      Promise.all([
        id ? unwrap(api.GET('/api/items/{itemId}', { params: { path: { itemId: id } } })) : Promise.resolve(null),
        // Components are plain items: kits are not nested.
        unwrap(api.GET('/api/items', { params: { query: { kits: 'false' } } })),
      ]),
    [id],
  );
  return <Load state={data}>{([item, plainItems]) => <Editor key={item?.id ?? 'new'} item={item} plainItems={plainItems} />}</Load>;
}

type Sector = Item['sector'];
interface ComponentDraft {
  itemId: string;
  quantity: string;
}

function Editor({ item, plainItems }: { item: Item | null; plainItems: Item[] }) {
  const { t, nameOf } = useI18n();
  const numberText = useNumberText();
  const session = useSession();
  const canEdit = session.can('catalogue:write');
  const [code, setCode] = useState(item?.code ?? '');
  const [names, setNames] = useState<Names>(item?.names ?? {});
  const [sector, setSector] = useState<Sector>(item?.sector ?? 'health');
  const [unit, setUnit] = useState(item?.unit ?? '');
  const [packSize, setPackSize] = useState(numberText(item?.packSizeUnits ?? 1));
  const [weight, setWeight] = useState(numberText(item?.weightKgPerUnit));
  const [volume, setVolume] = useState(numberText(item?.volumeM3PerUnit));
  const [shelfLife, setShelfLife] = useState(numberText(item?.shelfLifeDays));
  const [kcal, setKcal] = useState(numberText(item?.kcalPerUnit));
  const [coldChain, setColdChain] = useState(item?.coldChain ?? false);
  const [dualUse, setDualUse] = useState(item?.dualUse ?? false);
  const [isKit, setIsKit] = useState(item?.isKit ?? false);
  const [initialComponents] = useState(() => item?.components.map((c) => ({ itemId: c.itemId, quantity: numberText(c.quantityUnits) })) ?? []);
  const [components, setComponents] = useState<ComponentDraft[]>(initialComponents);
  const [saved, setSaved] = useState(false);
  const form = useFormState();

  const componentList = () => components.map((c, i) => ({ itemId: c.itemId, quantityUnits: requiredNumber(c.quantity, `components.${i}.quantityUnits`) }));

  const submit = () =>
    form.run(async () => {
      const common = {
        names: cleanNames(names),
        unit: unit.trim(),
        packSizeUnits: requiredNumber(packSize, 'packSizeUnits'),
        weightKgPerUnit: requiredNumber(weight, 'weightKgPerUnit'),
        volumeM3PerUnit: requiredNumber(volume, 'volumeM3PerUnit'),
        shelfLifeDays: optionalNumber(shelfLife, 'shelfLifeDays'),
        kcalPerUnit: optionalNumber(kcal, 'kcalPerUnit'),
        coldChain,
        dualUse,
      };
      if (!item) {
        const body = { ...common, code: code.trim(), sector, ...(isKit ? { components: componentList() } : {}) };
        if (isKit && components.length === 0) throw localError('kit_needs_components', 'components');
        const created = await unwrap(api.POST('/api/items', { body }));
        navigate(`/catalogue/${created.id}`, { replace: true });
        return;
      }
      const path = { itemId: item.id };
      await unwrap(api.PATCH('/api/items/{itemId}', { params: { path }, body: common }));
      if (item.isKit && JSON.stringify(components) !== JSON.stringify(initialComponents)) {
        if (components.length === 0) throw localError('kit_needs_components', 'components');
        await unwrap(api.PUT('/api/items/{itemId}/components', { params: { path }, body: { components: componentList() } }));
      }
      setSaved(true);
    });

  const setComponent = (index: number, change: Partial<ComponentDraft>) =>
    setComponents((list) => list.map((c, i) => (i === index ? { ...c, ...change } : c)));
  const choices = [
    { value: '', label: t('item.chooseComponent') },
    ...plainItems.filter((p) => p.id !== item?.id).map((p) => ({ value: p.id, label: `${p.code} · ${nameOf(p.names)}` })),
  ];

  return (
    <>
      <PageHeader title={item ? nameOf(item.names) : t('catalogue.new')}>
        {item && (
          <p>
            <span className="code">{item.code}</span> · {t(`sector.${item.sector}`)}
            {item.isKit && ` · ${t('item.kit')}`}
          </p>
        )}
      </PageHeader>
      {saved && !form.error && (
        <div className="notice notice-ok" role="status">
          {t('common.saved')}
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={item ? t('common.save') : t('catalogue.create')}>
        {!canEdit && <p className="muted">{t('common.readOnly')}</p>}
        {!item && (
          <div className="form-row">
            <TextField name="code" label={t('item.code')} hint={t('item.codeHint')} dir="ltr" value={code} onChange={setCode} />
            <SelectField name="sector" label={t('catalogue.sector')} value={sector} onChange={setSector} options={sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))} />
          </div>
        )}
        <NamesFields value={names} onChange={setNames} />
        <div className="form-row">
          <TextField name="unit" label={t('item.unit')} hint={t('item.unitHint')} value={unit} onChange={setUnit} />
          <TextField name="packSizeUnits" label={t('item.packSize')} hint={t('item.packSizeHint')} inputMode="numeric" value={packSize} onChange={setPackSize} />
          <TextField name="weightKgPerUnit" label={t('item.weight')} inputMode="decimal" value={weight} onChange={setWeight} />
          <TextField name="volumeM3PerUnit" label={t('item.volume')} inputMode="decimal" value={volume} onChange={setVolume} />
          <TextField name="shelfLifeDays" label={t('item.shelfLife')} hint={t('common.optional')} inputMode="numeric" value={shelfLife} onChange={setShelfLife} />
          <TextField name="kcalPerUnit" label={t('item.kcal')} hint={t('common.optional')} inputMode="decimal" value={kcal} onChange={setKcal} />
        </div>
        <CheckboxField name="coldChain" label={t('item.coldChain')} checked={coldChain} onChange={setColdChain} />
        <CheckboxField name="dualUse" label={t('item.dualUse')} hint={t('item.dualUseHint')} checked={dualUse} onChange={setDualUse} />
        {!item && <CheckboxField name="isKit" label={t('item.isKit')} hint={t('item.isKitHint')} checked={isKit} onChange={setIsKit} />}
        {(item ? item.isKit : isKit) && (
          <FieldGroup name="components" legend={t('item.components')} hint={t('item.componentsHint')}>
            {components.map((c, i) => (
              <div className="repeat-row repeat-row-wide-first" key={i} data-component={i}>
                <SelectField name={`components.${i}.itemId`} label={t('item.component')} value={c.itemId} onChange={(itemId) => setComponent(i, { itemId })} options={choices} />
                <TextField
                  name={`components.${i}.quantityUnits`}
                  label={t('item.quantity')}
                  inputMode="numeric"
                  value={c.quantity}
                  onChange={(quantity) => setComponent(i, { quantity })}
                />
                <button type="button" className="button-quiet" onClick={() => setComponents((list) => list.filter((_, j) => j !== i))}>
                  {t('common.remove')}
                </button>
              </div>
            ))}
            <div>
              <button type="button" onClick={() => setComponents((list) => [...list, { itemId: '', quantity: numberText(1) }])}>
                {t('item.addComponent')}
              </button>
            </div>
          </FieldGroup>
        )}
      </Form>
    </>
  );
}
