import { useMemo, useState } from 'react';
import { api, unwrap, type Item, type NeedSummary, type Organisation, type OrganisationRef } from '../api/client';
import { donorKinds, pledgeLineKinds } from '../api/enums';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { navigate, useQuery } from '../router';
import { dateFrom, DateField, type DateValue } from '../ui/DateField';
import { Field, FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { ItemPickerField } from '../ui/ItemPicker';
import { Load } from '../ui/Loading';
import { minorUnitsFrom, requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { currencyName } from '../ui/pledges';
import { useLoad } from '../ui/useLoad';

type DonorKind = (typeof donorKinds)[number];
type LineKind = (typeof pledgeLineKinds)[number];
interface LineDraft {
  kind: LineKind;
  /** The need line it is for, or '' for a general donation. */
  needLineId: string;
  itemId: string;
  quantity: string;
  currency: string;
  amount: string;
}

const blankLine: LineDraft = { kind: 'goods', needLineId: '', itemId: '', quantity: '', currency: 'IRR', amount: '' };

/** The currencies donors in Isfahan and partners in Gaza use most, offered first. */
const commonCurrencies = ['IRR', 'USD', 'EUR', 'ILS', 'JOD', 'EGP'];

/**
 * Records a pledge taken by a sending organisation: goods or cash, each for a line of an approved
 * need or in general. `?need=` prefills a line for each of that need's lines, `&line=` for one.
 */
export default function PledgeForm() {
  const acting = useActingOrganisations('pledges:write', 'sending');
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/needs', { params: { query: { status: 'approved', limit: 500 } } })),
        unwrap(api.GET('/api/items', { params: { query: {} } })),
        unwrap(api.GET('/api/organisations', { params: { query: {} } })),
      ]),
    [],
  );
  return (
    <Load state={acting}>
      {(candidates) => <Load state={data}>{([needs, items, organisations]) => <Editor candidates={candidates} needs={needs} items={items} organisations={organisations} />}</Load>}
    </Load>
  );
}

function Editor(props: { candidates: OrganisationRef[]; needs: NeedSummary[]; items: Item[]; organisations: Organisation[] }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber } = i18n;
  const numberText = useNumberText();
  const [query] = useQuery();
  const organisation = chosenOrganisation(props.candidates, query.get('organisation'));
  const needLines = useMemo(() => new Map(props.needs.flatMap((n) => n.lines.map((l) => [l.id, { need: n, line: l }] as const))), [props.needs]);
  const [donorKind, setDonorKind] = useState<DonorKind>('individual');
  const [donorOrganisationId, setDonorOrganisationId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [expectedOn, setExpectedOn] = useState<DateValue>(todayHere());
  const [lines, setLines] = useState<LineDraft[]>(() => {
    const forLine = (id: string): LineDraft => {
      const { line } = needLines.get(id)!;
      return { ...blankLine, needLineId: id, itemId: line.item.id, quantity: line.coverage.gapUnits > 0 ? numberText(line.coverage.gapUnits) : '' };
    };
    const wantedLine = query.get('line');
    if (wantedLine && needLines.has(wantedLine)) return [forLine(wantedLine)];
    const need = props.needs.find((n) => n.id === query.get('need'));
    return need ? need.lines.map((l) => forLine(l.id)) : [blankLine];
  });
  const form = useFormState();
  const currencies = useMemo(() => {
    const rest = Intl.supportedValuesOf('currency').filter((c) => !commonCurrencies.includes(c));
    return [...commonCurrencies, ...rest].map((c) => ({ value: c, label: `${c} · ${currencyName(i18n, c)}` }));
  }, [i18n]);

  if (!organisation) {
    return <NotAllowed title={t('pledges.new')} reason={t('pledges.notAllowed')} />;
  }

  const setLine = (index: number, change: Partial<LineDraft>) => setLines((list) => list.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const chooseTarget = (index: number, needLineId: string) => {
    const target = needLines.get(needLineId);
    // Goods for a need line are the item the line asks for.
    setLine(index, { needLineId, ...(target ? { itemId: target.line.item.id } : {}) });
  };

  const submit = () =>
    form.run(async () => {
      const donor =
        donorKind === 'organisation'
          ? { kind: donorKind, organisationId: donorOrganisationId }
          : donorKind === 'individual'
            ? { kind: donorKind, displayName: displayName.trim() }
            : { kind: donorKind };
      const body = {
        donor,
        expectedOn: dateFrom(expectedOn, 'expectedOn'),
        lines: lines.map((l, i) => {
          const target = l.needLineId ? { needLineId: l.needLineId } : {};
          return l.kind === 'goods'
            ? { kind: l.kind, itemId: l.itemId, quantityUnits: requiredNumber(l.quantity, `lines.${i}.quantityUnits`), ...target }
            : { kind: l.kind, currency: l.currency, amountMinor: minorUnitsFrom(l.amount, l.currency, `lines.${i}.amountMinor`), ...target };
        }),
      };
      const pledge = await unwrap(api.POST('/api/organisations/{organisationId}/pledges', { params: { path: { organisationId: organisation.id } }, body }));
      navigate(`/pledges/${pledge.id}`, { replace: true });
    });

  return (
    <>
      <PageHeader title={t('pledges.new')}>
        <p>{t('pledge.formIntro', { organisation: nameOf(organisation.names) })}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={props.candidates} label={t('pledge.takenBy')} />
      </div>
      <Form state={form} onSubmit={submit} submitLabel={t('pledge.save')}>
        <FieldGroup name="donor" legend={t('pledge.donor')}>
          <SelectField name="donor.kind" label={t('pledge.donorKind')} value={donorKind} onChange={setDonorKind} options={donorKinds.map((k) => ({ value: k, label: t(`donorKind.${k}`) }))} />
          {donorKind === 'organisation' && (
            <SelectField
              name="donor.organisationId"
              label={t('pledge.donorOrganisation')}
              value={donorOrganisationId}
              onChange={setDonorOrganisationId}
              options={[{ value: '', label: t('common.choose') }, ...props.organisations.map((o) => ({ value: o.id, label: nameOf(o.names) }))]}
            />
          )}
          {donorKind === 'individual' && (
            <TextField name="donor.displayName" label={t('pledge.donorName')} hint={t('pledge.donorNameHint')} autoComplete="off" value={displayName} onChange={setDisplayName} />
          )}
        </FieldGroup>
        <DateField name="expectedOn" label={t('pledge.expectedOn')} hint={t('pledge.expectedOnHint')} value={expectedOn} onChange={setExpectedOn} />
        {lines.map((line, i) => {
          const target = needLines.get(line.needLineId);
          return (
            <FieldGroup key={i} name={`lines.${i}`} legend={t('pledge.lineN', { n: i + 1 })}>
              <div className="form-row" data-line={i}>
                <SelectField
                  name={`lines.${i}.kind`}
                  label={t('pledge.lineKind')}
                  value={line.kind}
                  onChange={(kind) => setLine(i, { kind })}
                  options={pledgeLineKinds.map((k) => ({ value: k, label: t(`pledgeLineKind.${k}`) }))}
                />
                <Field name={`lines.${i}.needLineId`} label={t('pledge.for')}>
                  {(aria) => (
                    <select {...aria} value={line.needLineId} onChange={(e) => chooseTarget(i, e.target.value)}>
                      <option value="">{t('pledge.general')}</option>
                      {props.needs.map((need) => (
                        <optgroup key={need.id} label={`${need.title} · ${nameOf(need.organisation.names)}`}>
                          {need.lines.map((l) => (
                            <option key={l.id} value={l.id}>
                              {t('pledge.needLineOption', { item: nameOf(l.item.names), gap: formatNumber(l.coverage.gapUnits), unit: l.item.unit })}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              {line.kind === 'goods' ? (
                <div className="repeat-row repeat-row-wide-first">
                  {target ? (
                    <p className="field-static">
                      <span className="muted">{t('need.item')}</span> {nameOf(target.line.item.names)}
                    </p>
                  ) : (
                    <ItemPickerField name={`lines.${i}.itemId`} label={t('need.item')} items={props.items} value={line.itemId} onChange={(itemId) => setLine(i, { itemId })} />
                  )}
                  <TextField
                    name={`lines.${i}.quantityUnits`}
                    label={t('pledge.quantity')}
                    hint={target?.line.item.unit ?? props.items.find((it) => it.id === line.itemId)?.unit}
                    inputMode="numeric"
                    value={line.quantity}
                    onChange={(quantity) => setLine(i, { quantity })}
                  />
                </div>
              ) : (
                <div className="form-row">
                  <SelectField name={`lines.${i}.currency`} label={t('pledge.currency')} value={line.currency} onChange={(currency) => setLine(i, { currency })} options={currencies} />
                  <TextField
                    name={`lines.${i}.amountMinor`}
                    label={t('pledge.amountIn', { currency: currencyName(i18n, line.currency) })}
                    inputMode="decimal"
                    value={line.amount}
                    onChange={(amount) => setLine(i, { amount })}
                  />
                </div>
              )}
              <div>
                <button type="button" className="button-quiet" disabled={lines.length === 1} onClick={() => setLines((list) => list.filter((_, j) => j !== i))}>
                  {t('common.remove')}
                </button>
              </div>
            </FieldGroup>
          );
        })}
        <div>
          <button type="button" onClick={() => setLines((list) => [...list, blankLine])}>
            {t('pledge.addLine')}
          </button>
        </div>
      </Form>
    </>
  );
}
