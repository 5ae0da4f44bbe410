import { useMemo, useState } from 'react';
import { api, ApiError, unwrap, type Item, type Location, type NeedSummary, type Organisation, type OrganisationRef } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { navigate, useQuery } from '../router';
import { operationId } from '../ui/consignments';
import { asApiError, localError } from '../ui/errors';
import { CheckboxField, FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { ItemPickerField } from '../ui/ItemPicker';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { directRoute, legsOf, RouteStopsField, type RouteDraft } from '../ui/RouteStops';
import { useLoad } from '../ui/useLoad';

/** A line of the draft as the builder shows it: a lot the pick suggested, and how many units to take from it. */
interface LineDraft {
  key: string;
  itemId: string;
  lotId: string;
  lotCode: string;
  expiryDate: string | null;
  quantity: string;
  needLineId: string;
  fragile: boolean;
}

/**
 * Builds a draft consignment: from which warehouse, to which partner and site, serving which
 * lines of the partner's approved needs. For each need line (or item added by hand) the server's
 * first-expiry-first-out pick suggests the lots; the quantities can then be changed. Stops on the
 * way (airport, hub, crossing) make the route.
 */
export default function ConsignmentForm() {
  const acting = useActingOrganisations('consignments:write', 'sending');
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/organisations', { params: { query: {} } })),
        unwrap(api.GET('/api/needs', { params: { query: { status: 'approved', limit: 500 } } })),
        unwrap(api.GET('/api/items', { params: { query: {} } })),
      ]),
    [],
  );
  return (
    <Load state={acting}>
      {(candidates) => <Load state={data}>{([organisations, needs, items]) => <Builder candidates={candidates} organisations={organisations} needs={needs} items={items} />}</Load>}
    </Load>
  );
}

function Builder(props: { candidates: OrganisationRef[]; organisations: Organisation[]; needs: NeedSummary[]; items: Item[] }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber, formatDay } = i18n;
  const numberText = useNumberText();
  const [query] = useQuery();
  const sender = chosenOrganisation(props.candidates, query.get('organisation'));
  const senderId = sender?.id ?? '';
  const [originLocationId, setOrigin] = useState('');
  const [consigneeOrganisationId, setConsignee] = useState('');
  const [destinationLocationId, setDestination] = useState('');
  const [carrierOrganisationId, setCarrier] = useState('');
  const [route, setRoute] = useState<RouteDraft>(directRoute);
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [extraItem, setExtraItem] = useState('');
  const [extraQuantity, setExtraQuantity] = useState('');
  const [note, setNote] = useState('');
  const [opId] = useState(operationId);
  const form = useFormState();
  /** Units the warehouse could not cover, by need line or item, as the pick said. */
  const [shortages, setShortages] = useState<Record<string, number>>({});
  /** Need lines ticked: shown ticked at once, while the warehouse is asked for their lots. */
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());

  const warehouses = useLoad(
    async (): Promise<Location[]> => (senderId ? unwrap(api.GET('/api/locations', { params: { query: { organisationId: senderId, siteKind: 'warehouse' } } })) : []),
    [senderId],
  );
  const destinations = useLoad(
    async (): Promise<Location[]> =>
      consigneeOrganisationId ? (await unwrap(api.GET('/api/locations', { params: { query: { organisationId: consigneeOrganisationId } } }))).filter((l) => l.level === 'site') : [],
    [consigneeOrganisationId],
  );
  const partners = props.organisations.filter((o) => o.kind === 'partner');
  const carriers = props.organisations.filter((o) => o.kind === 'logistics');
  const needs = useMemo(
    () => props.needs.filter((n) => n.organisation.id === consigneeOrganisationId && n.addressedTo.some((a) => a.id === senderId)),
    [props.needs, consigneeOrganisationId, senderId],
  );
  const needLines = useMemo(() => new Map(needs.flatMap((n) => n.lines.map((l) => [l.id, { need: n, line: l }] as const))), [needs]);
  const itemName = (itemId: string) => {
    const item = props.items.find((i) => i.id === itemId);
    return item ? nameOf(item.names) : itemId;
  };

  if (!sender) return <NotAllowed title={t('consignments.new')} reason={t('consignments.notAllowed')} />;

  /** The server's first-expiry-first-out suggestion for a quantity of an item at the warehouse, as lines of the draft. */
  const suggest = async (itemId: string, quantityUnits: number, needLineId: string, field: string) => {
    if (!originLocationId) throw localError('choose_origin_first', field);
    const pick = await unwrap(
      api.GET('/api/organisations/{organisationId}/stock/pick', {
        params: { path: { organisationId: senderId }, query: { locationId: originLocationId, itemId, quantityUnits } },
      }),
    ).catch((error: unknown) => {
      // The pick's own inputs are not on this form: its error belongs to the line that asked.
      const e = asApiError(error);
      throw new ApiError(e.status, e.code, e.message, field);
    });
    const picked: LineDraft[] = pick.lines.map((l) => ({
      key: `${needLineId || itemId}-${l.lotId}-${Math.random()}`,
      itemId,
      lotId: l.lotId,
      lotCode: l.lotCode,
      expiryDate: l.expiryDate,
      quantity: numberText(l.quantityUnits),
      needLineId,
      fragile: false,
    }));
    setLines((list) => [...list, ...picked]);
    return pick.shortUnits;
  };

  const toggleNeedLine = (needLineId: string, on: boolean) => {
    setTicked((set) => {
      const next = new Set(set);
      if (on) next.add(needLineId);
      else next.delete(needLineId);
      return next;
    });
    if (!on) {
      setLines((list) => list.filter((l) => l.needLineId !== needLineId));
      return;
    }
    const { line } = needLines.get(needLineId)!;
    const c = line.coverage;
    const wanted = Math.max(0, c.neededUnits - c.inPipelineUnits - c.deliveredUnits) || line.quantityUnits;
    void form
      .run(async () => {
        const short = await suggest(line.item.id, wanted, needLineId, `needLines.${needLineId}`);
        setShortages((s) => ({ ...s, [needLineId]: short }));
      })
      .then((done) => {
        // The warehouse could not be asked: the line is not served after all.
        if (!done) setTicked((set) => new Set([...set].filter((id) => id !== needLineId)));
      });
  };

  const addItem = () =>
    form.run(async () => {
      if (!extraItem) throw localError('required', 'extra.itemId');
      const quantity = requiredNumber(extraQuantity, 'extra.quantityUnits');
      const short = await suggest(extraItem, quantity, '', 'extra.quantityUnits');
      setShortages((s) => ({ ...s, [extraItem]: short }));
      setExtraItem('');
      setExtraQuantity('');
    });

  const setLine = (key: string, change: Partial<LineDraft>) => setLines((list) => list.map((l) => (l.key === key ? { ...l, ...change } : l)));

  const submit = () =>
    form.run(async () => {
      const body = {
        id: opId,
        consigneeOrganisationId,
        originLocationId,
        destinationLocationId,
        ...(carrierOrganisationId ? { carrierOrganisationId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        // A direct trip by road is what the server assumes without a route.
        ...(route.stops.length > 0 || route.modes[0] !== 'road' ? { route: legsOf(originLocationId, destinationLocationId, route) } : {}),
        lines: lines.map((l, i) => ({
          itemId: l.itemId,
          lotId: l.lotId,
          quantityUnits: requiredNumber(l.quantity, `lines.${i}.quantityUnits`),
          ...(l.needLineId ? { needLineId: l.needLineId } : {}),
          fragile: l.fragile,
        })),
      };
      const consignment = await unwrap(api.POST('/api/organisations/{organisationId}/consignments', { params: { path: { organisationId: senderId } }, body }));
      navigate(`/consignments/${senderId}/${consignment.id}`, { replace: true });
    });


  return (
    <div data-screen="consignment-form">
      <PageHeader title={t('consignments.new')}>
        <p>{t('consignment.formIntro', { organisation: nameOf(sender.names) })}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={props.candidates} label={t('consignment.sender')} />
      </div>
      <Form state={form} onSubmit={submit} submitLabel={t('consignment.createDraft')}>
        <FieldGroup name="parties" legend={t('consignment.parties')}>
          <div className="form-row">
            <SelectField
              name="originLocationId"
              label={t('consignment.origin')}
              hint={t('consignment.originHint')}
              value={originLocationId}
              onChange={(value) => {
                setOrigin(value);
                setLines([]);
                setTicked(new Set());
              }}
              options={[{ value: '', label: t('common.choose') }, ...(warehouses.data ?? []).map((l) => ({ value: l.id, label: nameOf(l.names) }))]}
            />
            <SelectField
              name="consigneeOrganisationId"
              label={t('consignment.consignee')}
              value={consigneeOrganisationId}
              onChange={(value) => {
                setConsignee(value);
                setDestination('');
                setLines((list) => list.filter((l) => !l.needLineId));
                setTicked(new Set());
              }}
              options={[{ value: '', label: t('common.choose') }, ...partners.map((o) => ({ value: o.id, label: nameOf(o.names) }))]}
            />
          </div>
          <div className="form-row">
            <SelectField
              name="destinationLocationId"
              label={t('consignment.destination')}
              value={destinationLocationId}
              onChange={setDestination}
              options={[{ value: '', label: t('common.choose') }, ...(destinations.data ?? []).map((l) => ({ value: l.id, label: nameOf(l.names) }))]}
            />
            <SelectField
              name="carrierOrganisationId"
              label={t('consignment.carrier')}
              hint={t('consignment.carrierHint')}
              value={carrierOrganisationId}
              onChange={setCarrier}
              options={[{ value: '', label: t('consignment.noCarrier') }, ...carriers.map((o) => ({ value: o.id, label: nameOf(o.names) }))]}
            />
          </div>
        </FieldGroup>

        <RouteStopsField value={route} onChange={setRoute} />

        <FieldGroup name="needLines" legend={t('consignment.needLines')} hint={t('consignment.needLinesHint')} inner>
          {!consigneeOrganisationId ? (
            <p className="muted">{t('consignment.chooseConsigneeFirst')}</p>
          ) : needs.length === 0 ? (
            <p className="muted">{t('consignment.noNeeds')}</p>
          ) : (
            needs.map((need) => (
              <div key={need.id} className="need-lines">
                <p>
                  <strong>{need.title}</strong> · <span className="muted">{formatDay(need.neededBy)}</span>
                </p>
                {need.lines.map((l) => (
                  <div key={l.id} data-need-line={l.id}>
                    <CheckboxField
                      name={`needLines.${l.id}`}
                      label={t('consignment.needLineOption', {
                        item: nameOf(l.item.names),
                        needed: formatNumber(l.coverage.neededUnits),
                        sent: formatNumber(l.coverage.inPipelineUnits + l.coverage.deliveredUnits),
                        unit: l.item.unit,
                      })}
                      checked={ticked.has(l.id)}
                      disabled={form.busy}
                      onChange={(on) => toggleNeedLine(l.id, on)}
                    />
                    {(shortages[l.id] ?? 0) > 0 && <p className="field-hint notice-warning">{t('consignment.short', { units: shortages[l.id]!, unit: l.item.unit })}</p>}
                  </div>
                ))}
              </div>
            ))
          )}
        </FieldGroup>

        <FieldGroup name="extra" legend={t('consignment.otherItems')}>
          <div className="repeat-row repeat-row-wide-first">
            <ItemPickerField name="extra.itemId" label={t('need.item')} items={props.items} value={extraItem} onChange={setExtraItem} />
            <TextField name="extra.quantityUnits" label={t('consignment.quantity')} inputMode="numeric" value={extraQuantity} onChange={setExtraQuantity} />
            <div>
              <button type="button" onClick={() => void addItem()} disabled={form.busy}>
                {t('consignment.suggestLots')}
              </button>
            </div>
          </div>
        </FieldGroup>

        <FieldGroup name="lines" legend={t('consignment.lines')} hint={t('consignment.linesHint')}>
          {lines.length === 0 ? (
            <p className="empty">{t('consignment.noLinesYet')}</p>
          ) : (
            lines.map((l, i) => (
              <div key={l.key} className="repeat-row repeat-row-wide-first" data-line={i}>
                <p className="field-static">
                  {itemName(l.itemId)}
                  <span className="muted small">
                    {' '}
                    · {t('consignment.lot')} <span className="code">{l.lotCode}</span>
                    {l.expiryDate && <> · {t('consignment.expires', { day: formatDay(l.expiryDate) })}</>}
                    {l.needLineId && needLines.get(l.needLineId) && <> · {t('consignment.forNeed', { title: needLines.get(l.needLineId)!.need.title })}</>}
                  </span>
                </p>
                <TextField name={`lines.${i}.quantityUnits`} label={t('consignment.quantity')} inputMode="numeric" value={l.quantity} onChange={(quantity) => setLine(l.key, { quantity })} />
                <CheckboxField name={`lines.${i}.fragile`} label={t('consignment.fragile')} checked={l.fragile} onChange={(fragile) => setLine(l.key, { fragile })} />
                <div>
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => {
                      const rest = lines.filter((x) => x.key !== l.key);
                      setLines(rest);
                      if (l.needLineId && !rest.some((x) => x.needLineId === l.needLineId)) setTicked((set) => new Set([...set].filter((id) => id !== l.needLineId)));
                    }}
                  >
                    {t('common.remove')}
                  </button>
                </div>
              </div>
            ))
          )}
        </FieldGroup>
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}
