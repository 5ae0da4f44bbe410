import { useState } from 'react';
import { api, unwrap, type IntakeBody, type Item, type Location, type Organisation, type OrganisationRef, type Pledge, type StockOperation } from '../api/client';
import { donorKinds, intakeSources, triageClasses } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { dateFrom, DateField, type DateValue } from '../ui/DateField';
import { FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { ItemPickerField } from '../ui/ItemPicker';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { newId, useStockBasics } from '../ui/stock';
import { useLoad } from '../ui/useLoad';

type Source = (typeof intakeSources)[number];
type DonorKind = (typeof donorKinds)[number];
type Triage = (typeof triageClasses)[number];
interface LineDraft {
  itemId: string;
  lotCode: string;
  expiry: DateValue;
  triage: Triage;
  quantity: string;
  pledgeLineId: string;
}
const blankLine: LineDraft = { itemId: '', lotCode: '', expiry: '', triage: 'urgent', quantity: '', pledgeLineId: '' };

/**
 * Goods arriving at a warehouse: a donation (from whom, against which pledge) or a purchase, lot by
 * lot with its code, expiry and SUMA triage class. Unusable goods are written off at once, so the
 * gift is still on the record.
 */
export default function Intake() {
  const acting = useActingOrganisations('stock:write');
  return <Load state={acting}>{(candidates) => <IntakeScreen candidates={candidates} />}</Load>;
}

function IntakeScreen({ candidates }: { candidates: OrganisationRef[] }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const organisationId = organisation?.id;
  const basics = useStockBasics(organisationId);
  const others = useLoad(
    async () =>
      organisationId
        ? Promise.all([
            unwrap(api.GET('/api/organisations', { params: { query: {} } })),
            // Pledges this organisation took: an intake may honour their goods lines.
            unwrap(api.GET('/api/pledges', { params: { query: { organisationId, limit: 500 } } })).then((all) =>
              all.filter((p) => p.status === 'open' || p.status === 'partially_received'),
            ),
          ])
        : Promise.resolve([[], []] as [Organisation[], Pledge[]]),
    [organisationId],
  );
  if (!organisation) return <NotAllowed title={t('intake.title')} reason={t('stock.notAllowedWrite')} />;
  return (
    <Load state={basics}>
      {({ items, sites }) => (
        <Load state={others}>
          {([organisations, pledges]) => (
            <IntakeForm key={organisation.id} organisation={organisation} candidates={candidates} items={items} sites={sites} organisations={organisations} pledges={pledges} />
          )}
        </Load>
      )}
    </Load>
  );
}

function IntakeForm(props: { organisation: OrganisationRef; candidates: OrganisationRef[]; items: Item[]; sites: Location[]; organisations: Organisation[]; pledges: Pledge[] }) {
  const { t, nameOf, formatNumber, formatDay } = useI18n();
  const { organisation, items, organisations, pledges } = props;
  // Goods are received at warehouses first of all: they come first, and the first is the default.
  const sites = [...props.sites].sort((a, b) => Number(b.siteKind === 'warehouse') - Number(a.siteKind === 'warehouse'));
  const numberText = useNumberText();
  const [operationId, setOperationId] = useState(newId);
  const [locationId, setLocationId] = useState(sites[0]?.id ?? '');
  const [source, setSource] = useState<Source>('donation');
  const [pledgeId, setPledgeId] = useState('');
  const [donorKind, setDonorKind] = useState<DonorKind>('organisation');
  const [donorOrganisationId, setDonorOrganisationId] = useState('');
  const [individualRef, setIndividualRef] = useState('');
  const [lines, setLines] = useState<LineDraft[]>([{ ...blankLine }]);
  const [received, setReceived] = useState<StockOperation | null>(null);
  const form = useFormState();
  const pledge = pledges.find((p) => p.id === pledgeId);
  const itemName = (id: string) => {
    const item = items.find((i) => i.id === id);
    return item ? nameOf(item.names) : id;
  };

  const choosePledge = (id: string) => {
    setPledgeId(id);
    const chosen = pledges.find((p) => p.id === id);
    if (!chosen) return;
    // The intake's donor must be the pledge's donor: take it from the pledge.
    setDonorKind(chosen.donor.kind);
    if (chosen.donor.organisation) setDonorOrganisationId(chosen.donor.organisation.id);
    // A line for each goods line still to come, with its item and what is outstanding.
    const goods = chosen.lines.filter((l) => l.kind === 'goods' && l.item);
    if (goods.length > 0) {
      setLines(
        goods.map((l) => ({
          ...blankLine,
          itemId: l.item!.id,
          pledgeLineId: l.id,
          quantity: numberText(Math.max((l.quantityUnits ?? 0) - (l.receivedUnits ?? 0), 0) || null),
        })),
      );
    }
  };
  const set = (index: number, change: Partial<LineDraft>) => setLines(lines.map((l, i) => (i === index ? { ...l, ...change } : l)));

  const donor = (): IntakeBody['donor'] => {
    if (source === 'purchase') return undefined;
    if (donorKind === 'organisation') return { organisationId: donorOrganisationId || undefined };
    if (donorKind === 'individual') return { individualRef };
    return { anonymous: true };
  };
  const submit = () =>
    form.run(async () => {
      const body: IntakeBody = {
        id: operationId,
        locationId,
        source,
        donor: donor(),
        lines: lines.map((l, i) => ({
          itemId: l.itemId,
          lotCode: l.lotCode.trim() || undefined,
          expiryDate: l.expiry === '' ? null : dateFrom(l.expiry, `lines.${i}.expiryDate`),
          triage: l.triage,
          quantityUnits: requiredNumber(l.quantity, `lines.${i}.quantityUnits`),
          pledgeLineId: source === 'donation' && l.pledgeLineId ? l.pledgeLineId : undefined,
        })),
      };
      const operation = await unwrap(api.POST('/api/organisations/{organisationId}/stock/intakes', { params: { path: { organisationId: organisation.id } }, body }));
      setReceived(operation);
      // The next intake is another operation.
      setOperationId(newId());
      setLines([{ ...blankLine }]);
      setPledgeId('');
    });

  const writtenOff = (operation: StockOperation) => operation.transfers.filter((tr) => tr.toAccountCode.startsWith('loss:')).reduce((n, tr) => n + tr.quantityUnits, 0);
  const stockLink = `/stock?${new URLSearchParams({ ...(props.candidates.length > 1 ? { organisation: organisation.id } : {}), location: locationId }).toString()}`;

  return (
    <div data-screen="intake">
      <PageHeader title={t('intake.title')}>
        <p>{t('intake.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={props.candidates} label={t('stock.organisation')} />
      </div>
      {received && (
        <div className="notice notice-ok" role="status" data-received={received.id}>
          <p>
            {t('intake.received', { lots: formatNumber(received.lots.length) })}{' '}
            {received.lots.map((lot) => (
              <span key={lot.id} className="tag code">
                {lot.lotCode}
              </span>
            ))}
          </p>
          {writtenOff(received) > 0 && <p data-written-off>{t('intake.writtenOff', { units: formatNumber(writtenOff(received)) })}</p>}
          <Link to={stockLink}>{t('intake.seeStock')}</Link>
        </div>
      )}
      {sites.length === 0 ? (
        <p className="notice notice-warning">{t('intake.noSites')}</p>
      ) : (
        <Form state={form} onSubmit={submit} submitLabel={t('intake.submit')}>
          <div className="form-row">
            <SelectField name="locationId" label={t('intake.location')} value={locationId} onChange={setLocationId} options={sites.map((s) => ({ value: s.id, label: nameOf(s.names) }))} />
            <SelectField
              name="source"
              label={t('intake.source')}
              value={source}
              onChange={(value) => {
                setSource(value);
                if (value === 'purchase') setPledgeId('');
              }}
              options={intakeSources.map((s) => ({ value: s, label: t(`intakeSource.${s}`) }))}
            />
          </div>
          {source === 'donation' && (
            <FieldGroup name="donor" legend={t('intake.donor')}>
              {pledges.length > 0 && (
                <SelectField
                  name="pledge"
                  label={t('intake.pledge')}
                  hint={t('intake.pledgeHint')}
                  value={pledgeId}
                  onChange={choosePledge}
                  options={[
                    { value: '', label: t('intake.noPledge') },
                    ...pledges.map((p) => ({
                      value: p.id,
                      label: t('intake.pledgeLabel', {
                        donor: p.donor.organisation ? nameOf(p.donor.organisation.names) : (p.donor.displayName ?? t(`donorKind.${p.donor.kind}`)),
                        date: formatDay(p.expectedOn),
                      }),
                    })),
                  ]}
                />
              )}
              <SelectField
                name="donorKind"
                label={t('intake.donorKind')}
                value={donorKind}
                disabled={Boolean(pledge)}
                onChange={setDonorKind}
                options={donorKinds.map((k) => ({ value: k, label: t(`donorKind.${k}`) }))}
              />
              {donorKind === 'organisation' && (
                <SelectField
                  name="donor.organisationId"
                  label={t('intake.donorOrganisation')}
                  value={donorOrganisationId}
                  disabled={Boolean(pledge)}
                  onChange={setDonorOrganisationId}
                  options={[{ value: '', label: t('common.choose') }, ...organisations.map((o) => ({ value: o.id, label: nameOf(o.names) }))]}
                />
              )}
              {donorKind === 'individual' && (
                <TextField name="donor.individualRef" label={t('intake.individualRef')} hint={t('intake.individualRefHint')} dir="ltr" value={individualRef} onChange={setIndividualRef} />
              )}
            </FieldGroup>
          )}
          <FieldGroup name="lines" legend={t('intake.lines')} hint={t('intake.linesHint')}>
            {lines.map((line, i) => {
              const pledgeLines = pledge?.lines.filter((l) => l.kind === 'goods' && l.item?.id === line.itemId) ?? [];
              return (
                <div className="intake-line" key={i} data-line={i}>
                  <ItemPickerField name={`lines.${i}.itemId`} label={t('stock.item')} items={items} value={line.itemId} onChange={(itemId) => set(i, { itemId, pledgeLineId: '' })} />
                  <div className="form-row">
                    <TextField name={`lines.${i}.lotCode`} label={t('intake.lotCode')} hint={t('intake.lotCodeHint')} dir="ltr" value={line.lotCode} onChange={(lotCode) => set(i, { lotCode })} />
                    <TextField
                      name={`lines.${i}.quantityUnits`}
                      label={t('stock.quantity')}
                      hint={items.find((it) => it.id === line.itemId)?.unit}
                      inputMode="numeric"
                      value={line.quantity}
                      onChange={(quantity) => set(i, { quantity })}
                    />
                    <SelectField
                      name={`lines.${i}.triage`}
                      label={t('intake.triage')}
                      hint={t(`triage.${line.triage}.meaning`)}
                      value={line.triage}
                      onChange={(triage) => set(i, { triage })}
                      options={triageClasses.filter((c) => source === 'donation' || c !== 'unusable').map((c) => ({ value: c, label: t(`triage.${c}`) }))}
                    />
                  </div>
                  {line.triage === 'unusable' && (
                    <p className="notice notice-warning" data-unusable>
                      {t('intake.unusableExplained')}
                    </p>
                  )}
                  <DateField name={`lines.${i}.expiryDate`} label={t('intake.expiry')} hint={t('intake.expiryHint')} value={line.expiry} onChange={(expiry) => set(i, { expiry })} />
                  {pledge && source === 'donation' && (
                    <SelectField
                      name={`lines.${i}.pledgeLineId`}
                      label={t('intake.pledgeLine')}
                      value={line.pledgeLineId}
                      onChange={(pledgeLineId) => set(i, { pledgeLineId })}
                      options={[
                        { value: '', label: t('intake.noPledgeLine') },
                        ...pledgeLines.map((l) => ({
                          value: l.id,
                          label: t('intake.pledgeLineLabel', { item: itemName(l.item!.id), promised: formatNumber(l.quantityUnits ?? 0), received: formatNumber(l.receivedUnits ?? 0) }),
                        })),
                      ]}
                    />
                  )}
                  <div>
                    <button type="button" className="button-quiet" disabled={lines.length === 1} onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                      {t('intake.removeLine')}
                    </button>
                  </div>
                </div>
              );
            })}
            <div>
              <button type="button" onClick={() => setLines([...lines, { ...blankLine }])}>
                {t('intake.addLine')}
              </button>
            </div>
          </FieldGroup>
        </Form>
      )}
    </div>
  );
}
