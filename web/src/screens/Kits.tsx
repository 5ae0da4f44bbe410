import { useState } from 'react';
import { api, unwrap, type Item, type Location, type OrganisationRef, type StockOperation } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../router';
import { Form, SelectField, TextAreaField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { newId, useStockBasics } from '../ui/stock';
import { useLoad } from '../ui/useLoad';

/**
 * Kits at a site: assemble them from components in stock (picked first expiry first out; the kit
 * lot expires with its first-expiring component), or take kits apart, giving the components back.
 */
export default function Kits() {
  const acting = useActingOrganisations('stock:write');
  return <Load state={acting}>{(candidates) => <KitsScreen candidates={candidates} />}</Load>;
}

function KitsScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t, nameOf } = useI18n();
  const [query, setQuery] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const basics = useStockBasics(organisation?.id);
  if (!organisation) return <NotAllowed title={t('kits.title')} reason={t('stock.notAllowedWrite')} />;
  return (
    <div data-screen="kits">
      <PageHeader title={t('kits.title')}>
        <p>{t('kits.intro')}</p>
      </PageHeader>
      <Load state={basics}>
        {({ items, sites }) => {
          const locationId = sites.some((s) => s.id === query.get('location')) ? query.get('location')! : (sites[0]?.id ?? '');
          return (
            <>
              <div className="filters">
                <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
                {sites.length > 0 && (
                  <SelectField
                    name="locationId"
                    label={t('stock.location')}
                    value={locationId}
                    onChange={(value) => setQuery({ location: value })}
                    options={sites.map((s) => ({ value: s.id, label: nameOf(s.names) }))}
                  />
                )}
              </div>
              {sites.length === 0 ? (
                <p className="notice notice-warning">{t('intake.noSites')}</p>
              ) : (
                <KitForms key={`${organisation.id}:${locationId}`} organisationId={organisation.id} locationId={locationId} items={items} sites={sites} />
              )}
            </>
          );
        }}
      </Load>
    </div>
  );
}

function KitForms({ organisationId, locationId, items }: { organisationId: string; locationId: string; items: Item[]; sites: Location[] }) {
  const kits = items.filter((i) => i.isKit);
  const stock = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/stock', { params: { path: { organisationId }, query: { locationId } } })),
    [organisationId, locationId],
  );
  const { t } = useI18n();
  if (kits.length === 0) return <p className="empty">{t('kits.noKits')}</p>;
  return (
    <div className="two-columns">
      <Assemble organisationId={organisationId} locationId={locationId} items={items} kits={kits} onDone={stock.reload} />
      <Load state={stock}>
        {(rows) => (
          <Disassemble
            key={rows.filter((r) => kits.some((k) => k.id === r.itemId)).map((r) => r.lotId).join()}
            organisationId={organisationId}
            locationId={locationId}
            kits={kits}
            kitLots={rows.filter((r) => kits.some((k) => k.id === r.itemId))}
            onDone={stock.reload}
          />
        )}
      </Load>
    </div>
  );
}

function Assemble({ organisationId, locationId, items, kits, onDone }: { organisationId: string; locationId: string; items: Item[]; kits: Item[]; onDone(): void }) {
  const { t, nameOf, formatNumber, formatDay } = useI18n();
  const numberText = useNumberText();
  const [operationId, setOperationId] = useState(newId);
  const [kitItemId, setKitItemId] = useState(kits[0]!.id);
  const [count, setCount] = useState(numberText(1));
  const [lotCode, setLotCode] = useState('');
  const [made, setMade] = useState<StockOperation | null>(null);
  const form = useFormState();
  const kit = kits.find((k) => k.id === kitItemId);
  const submit = () =>
    form.run(async () => {
      const operation = await unwrap(
        api.POST('/api/organisations/{organisationId}/stock/kit-assemblies', {
          params: { path: { organisationId } },
          body: { id: operationId, locationId, kitItemId, kits: requiredNumber(count, 'kits'), lotCode: lotCode.trim() || undefined },
        }),
      );
      setMade(operation);
      setOperationId(newId());
      setLotCode('');
      onDone();
    });
  // The operation creates one lot: the new kits'.
  const madeLot = made?.lots.find((l) => l.itemId === kitItemId) ?? made?.lots[0];
  return (
    <section className="panel" aria-labelledby="kit-assemble" data-kit-assemble>
      <h2 id="kit-assemble">{t('kits.assemble')}</h2>
      <p className="muted">{t('kits.assembleIntro')}</p>
      {made && madeLot && (
        <div className="notice notice-ok" role="status" data-assembled={madeLot.lotCode}>
          {t('kits.assembled', { lot: madeLot.lotCode, expiry: madeLot.expiryDate ? formatDay(madeLot.expiryDate) : t('expiryBand.no-expiry') })}
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={t('kits.assembleSubmit')}>
        <SelectField name="kitItemId" label={t('kits.kit')} value={kitItemId} onChange={setKitItemId} options={kits.map((k) => ({ value: k.id, label: nameOf(k.names) }))} />
        {kit && (
          <p className="small muted" data-components>
            {t('kits.eachHas')}{' '}
            {kit.components
              .map((c) => {
                const item = items.find((i) => i.id === c.itemId);
                return `${formatNumber(c.quantityUnits)} × ${item ? nameOf(item.names) : c.itemId}`;
              })
              .join(t('common.listSeparator'))}
          </p>
        )}
        <div className="form-row">
          <TextField name="kits" label={t('kits.count')} inputMode="numeric" value={count} onChange={setCount} />
          <TextField name="lotCode" label={t('kits.lotCode')} hint={t('kits.lotCodeHint')} dir="ltr" value={lotCode} onChange={setLotCode} />
        </div>
      </Form>
    </section>
  );
}

function Disassemble(props: { organisationId: string; locationId: string; kits: Item[]; kitLots: { lotId: string; itemId: string; lotCode: string; quantityUnits: number }[]; onDone(): void }) {
  const { t, nameOf, formatNumber } = useI18n();
  const numberText = useNumberText();
  const [operationId, setOperationId] = useState(newId);
  const [kitLotId, setKitLotId] = useState(props.kitLots[0]?.lotId ?? '');
  const [count, setCount] = useState(numberText(1));
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      await unwrap(
        api.POST('/api/organisations/{organisationId}/stock/kit-disassemblies', {
          params: { path: { organisationId: props.organisationId } },
          body: { id: operationId, locationId: props.locationId, kitLotId, kits: requiredNumber(count, 'kits'), reason: reason.trim() || undefined },
        }),
      );
      setDone(true);
      setOperationId(newId());
      setReason('');
      props.onDone();
    });
  const kitName = (itemId: string) => {
    const kit = props.kits.find((k) => k.id === itemId);
    return kit ? nameOf(kit.names) : itemId;
  };
  return (
    <section className="panel" aria-labelledby="kit-disassemble" data-kit-disassemble>
      <h2 id="kit-disassemble">{t('kits.disassemble')}</h2>
      <p className="muted">{t('kits.disassembleIntro')}</p>
      {done && (
        <div className="notice notice-ok" role="status" data-disassembled>
          {t('kits.disassembled')}
        </div>
      )}
      {props.kitLots.length === 0 ? (
        <p className="empty">{t('kits.noKitLots')}</p>
      ) : (
        <Form state={form} onSubmit={submit} submitLabel={t('kits.disassembleSubmit')}>
          <SelectField
            name="kitLotId"
            label={t('kits.kitLot')}
            value={kitLotId}
            onChange={setKitLotId}
            options={props.kitLots.map((l) => ({ value: l.lotId, label: t('kits.kitLotLabel', { kit: kitName(l.itemId), lot: l.lotCode, units: formatNumber(l.quantityUnits) }) }))}
          />
          <TextField name="kits" label={t('kits.count')} inputMode="numeric" value={count} onChange={setCount} />
          <TextAreaField name="reason" label={t('kits.reason')} hint={t('kits.reasonHint')} rows={2} value={reason} onChange={setReason} />
        </Form>
      )}
    </section>
  );
}
