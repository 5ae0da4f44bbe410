import { useState } from 'react';
import { api, unwrap, type Consignment, type Permission } from '../api/client';
import { handlingUnitKinds, inspectionOutcomes } from '../api/enums';
import { todayHere } from '../i18n/dates';
import { useI18n, type I18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { Link } from '../router';
import { useSession } from '../session';
import { CancelWithReason } from '../ui/CancelWithReason';
import { ConsignmentStatusTag, lineLabel, operationId, printPage } from '../ui/consignments';
import { dateFrom, DateField, type DateValue } from '../ui/DateField';
import { FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { LocationPickerField } from '../ui/LocationPicker';
import { requiredNumber } from '../ui/numbers';
import { PageHeader } from '../ui/PageHeader';
import { legsOf, RouteStopsField, type RouteDraft } from '../ui/RouteStops';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type EventKind = Consignment['allowedEvents'][number];
type Party = 'sender' | 'carrier' | 'consignee';

/** Which party records which step (as the server's eventParties), and the permission it takes. */
const stepRules: Partial<Record<EventKind, { parties: Party[]; permission: Permission[] }>> = {
  packed: { parties: ['sender'], permission: ['consignments:write'] },
  dispatched: { parties: ['sender'], permission: ['consignments:write'] },
  arrived: { parties: ['sender', 'carrier'], permission: ['consignments:track'] },
  under_review: { parties: ['sender', 'carrier'], permission: ['consignments:track'] },
  inspected: { parties: ['sender', 'carrier'], permission: ['consignments:track'] },
  departed: { parties: ['sender', 'carrier'], permission: ['consignments:track'] },
  offloaded: { parties: ['sender', 'carrier'], permission: ['consignments:track'] },
  collected: { parties: ['sender', 'carrier', 'consignee'], permission: ['consignments:track', 'consignments:receive'] },
  received: { parties: ['consignee'], permission: ['consignments:receive'] },
  closed: { parties: ['sender'], permission: ['consignments:write'] },
  cancelled: { parties: ['sender'], permission: ['consignments:write'] },
};
const movementKinds = ['arrived', 'under_review', 'departed', 'offloaded', 'collected'] as const;
type MovementKind = (typeof movementKinds)[number];

/** One consignment as the party in the address sees it: route, lines, units, timeline, dwell, and the steps it may record now. */
export default function ConsignmentDetail({ params }: ScreenProps) {
  const organisationId = params.organisationId!;
  const consignmentId = params.consignmentId!;
  const data = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/consignments/{consignmentId}', { params: { path: { organisationId, consignmentId } } })),
    [organisationId, consignmentId],
  );
  return <Load state={data}>{(c) => <ConsignmentView consignment={c} organisationId={organisationId} reload={data.reload} />}</Load>;
}

function ConsignmentView({ consignment: c, organisationId, reload }: { consignment: Consignment; organisationId: string; reload(): void }) {
  const i18n = useI18n();
  const { t, formatDay, formatDateTime, formatNumber } = i18n;
  const session = useSession();
  const parties: Party[] = [
    ...(c.sender.id === organisationId ? (['sender'] as const) : []),
    ...(c.carrier?.id === organisationId ? (['carrier'] as const) : []),
    ...(c.consignee.id === organisationId ? (['consignee'] as const) : []),
  ];
  const may = (kind: EventKind) => {
    const rule = stepRules[kind];
    return (
      c.allowedEvents.includes(kind) && !!rule && rule.parties.some((p) => parties.includes(p)) && rule.permission.some((p) => session.can(p, organisationId))
    );
  };
  const lines = new Map(c.lines.map((l) => [l.id, l]));
  const path = { organisationId, consignmentId: c.id };
  const movements = movementKinds.filter(may);
  // The sender sets the route before dispatch and may change the road ahead until the goods arrive.
  const mayChangeRoute =
    parties.includes('sender') && session.can('consignments:write', organisationId) && (c.status === 'draft' || c.status === 'packed' || c.allowedEvents.includes('rerouted'));
  const lastArrival = [...c.events].reverse().find((e) => e.kind === 'arrived');

  return (
    <div data-screen="consignment">
      <PageHeader
        title={t('consignment.title', { reference: c.reference })}
        actions={
          <>
            {c.handlingUnits.length > 0 && (
              <>
                <a className="button" href={printPage(organisationId, c.id, 'packing-list')} target="_blank" rel="noopener" data-print="packing-list">
                  {t('consignment.packingList')}
                </a>
                <a className="button" href={printPage(organisationId, c.id, 'labels')} target="_blank" rel="noopener" data-print="labels">
                  {t('consignment.labels')}
                </a>
              </>
            )}
            {c.status !== 'draft' && c.status !== 'cancelled' && (
              <Link className="button" to={`/trace/consignments/${c.id}`} data-trace="consignment">
                {t('trace.open')}
              </Link>
            )}
            {may('cancelled') && (
              <CancelWithReason
                label={t('consignment.cancel')}
                confirmLabel={t('consignment.cancelConfirm')}
                reasonHint={t('consignment.cancelReasonHint')}
                onCancel={async (reason) => {
                  await unwrap(api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/cancel', { params: { path }, body: { id: operationId(), reason } }));
                  reload();
                }}
              />
            )}
          </>
        }
      >
        <p>
          {c.sender.name} → {c.consignee.name} · <ConsignmentStatusTag status={c.status} />
        </p>
      </PageHeader>

      <section className="panel">
        <dl className="facts">
          <dt>{t('consignment.origin')}</dt>
          <dd>{c.origin.name}</dd>
          <dt>{t('consignment.destination')}</dt>
          <dd>{c.destination.name}</dd>
          {c.carrier && (
            <>
              <dt>{t('consignment.carrier')}</dt>
              <dd>{c.carrier.name}</dd>
            </>
          )}
          {c.expectedArrivalOn && (
            <>
              <dt>{t('consignment.expectedArrival')}</dt>
              <dd>
                <time dateTime={c.expectedArrivalOn}>{formatDay(c.expectedArrivalOn)}</time>
              </dd>
            </>
          )}
          <dt>{t('common.created')}</dt>
          <dd>
            <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
          </dd>
          <dt>{t('consignment.totals')}</dt>
          <dd>
            {t('consignment.totalsText', {
              units: c.totals.handlingUnits,
              kg: formatNumber(c.totals.weightKg, { maximumFractionDigits: 1 }),
              m3: formatNumber(c.totals.volumeM3, { maximumFractionDigits: 2 }),
            })}
          </dd>
          <dt>{t('consignment.inTransit')}</dt>
          <dd data-in-transit={c.inTransitUnits}>{formatNumber(c.inTransitUnits)}</dd>
          {c.note && (
            <>
              <dt>{t('consignment.note')}</dt>
              <dd className="prose">{c.note}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="section" aria-labelledby="c-route">
        <h2 id="c-route">{t('consignment.route')}</h2>
        {c.route.length === 0 ? (
          <p className="muted">{t('consignment.directRoute', { from: c.origin.name, to: c.destination.name })}</p>
        ) : (
          <ol className="route" data-route>
            {c.route.map((leg) => (
              <li key={leg.position}>
                {t('consignment.leg', { from: leg.from.name, to: leg.to.name, mode: t(`transportMode.${leg.mode}`) })}
              </li>
            ))}
          </ol>
        )}
        {mayChangeRoute && <RouteChange consignment={c} path={path} onDone={reload} />}
      </section>

      <section className="section" aria-labelledby="c-lines">
        <h2 id="c-lines">{t('consignment.lines')}</h2>
        <Table
          rows={c.lines}
          rowKey={(l) => l.id}
          empty={t('consignment.noLinesYet')}
          rowProps={(l) => ({ 'data-line': l.id })}
          columns={[
            {
              header: t('need.item'),
              cell: (l) => (
                <>
                  {l.itemName}
                  <div className="muted small">
                    <span className="code">{l.lotCode}</span>
                    {l.expiryDate && <> · {t('consignment.expires', { day: formatDay(l.expiryDate) })}</>}
                    {l.fragile && <> · {t('consignment.fragile')}</>}
                    {l.coldChain && <> · {t('consignment.coldChain')}</>}
                  </div>
                </>
              ),
            },
            { header: t('consignment.planned'), numeric: true, cell: (l) => formatNumber(l.quantityUnits) },
            { header: t('consignment.dispatched'), numeric: true, cell: (l) => formatNumber(l.ledger.dispatchedUnits) },
            { header: t('consignment.inTransit'), numeric: true, cell: (l) => formatNumber(l.ledger.inTransitUnits) },
            { header: t('consignment.rejected'), numeric: true, cell: (l) => formatNumber(l.ledger.rejectedUnits + l.ledger.returnedUnits) },
            { header: t('consignment.received'), numeric: true, cell: (l) => <span data-received>{formatNumber(l.ledger.receivedUnits)}</span> },
            { header: t('consignment.damaged'), numeric: true, cell: (l) => formatNumber(l.ledger.damagedUnits) },
            { header: t('consignment.shortUnits'), numeric: true, cell: (l) => <span data-short>{formatNumber(l.ledger.shortUnits)}</span> },
          ]}
        />
      </section>

      {c.handlingUnits.length > 0 && (
        <section className="section" aria-labelledby="c-units">
          <h2 id="c-units">{t('consignment.handlingUnits')}</h2>
          {session.can('consignments:scan', organisationId) && (
            <p>
              <Link className="button" to={`/consignments/${organisationId}/${c.id}/scan`} data-scan-units>
                {t('consignment.scanUnits')}
              </Link>
            </p>
          )}
          <Table
            rows={c.handlingUnits}
            rowKey={(u) => u.id}
            empty=""
            rowProps={(u) => ({ 'data-unit': u.code })}
            columns={[
              // The code printed on the label (and in its QR code) leads to where the unit's goods went.
              { header: t('consignment.unitCode'), code: true, cell: (u) => <Link to={`/trace/handling-units/${u.code}`}>{u.code}</Link> },
              { header: t('consignment.unit'), cell: (u) => t('consignment.unitN', { kind: t(`handlingUnitKind.${u.kind}`), n: u.number, total: u.total }) },
              { header: t('consignment.weight'), numeric: true, cell: (u) => t('consignment.kg', { kg: formatNumber(u.weightKg, { maximumFractionDigits: 1 }) }) },
              { header: t('consignment.volume'), numeric: true, cell: (u) => t('consignment.m3', { m3: formatNumber(u.volumeM3, { maximumFractionDigits: 3 }) }) },
              {
                header: t('consignment.marks'),
                cell: (u) => [u.fragile && t('consignment.fragile'), u.coldChain && t('consignment.coldChain')].filter(Boolean).join(' · ') || '—',
              },
              { header: t('consignment.lastScan'), cell: (u) => (u.lastScan ? <time dateTime={u.lastScan.scannedAt}>{formatDateTime(u.lastScan.scannedAt)}</time> : '—') },
            ]}
          />
        </section>
      )}

      <section className="section" aria-labelledby="c-actions">
        <h2 id="c-actions">{t('consignment.next')}</h2>
        {!c.allowedEvents.some(may) && <p className="muted">{t('consignment.nothingForYou')}</p>}
        {may('packed') && <PackForm onDone={reload} run={(kind) => unwrap(api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/pack', { params: { path }, body: { id: operationId(), kind } }))} />}
        {may('dispatched') && (
          <OneButton
            label={t('consignment.dispatch')}
            hint={t('consignment.dispatchHint')}
            action={() => unwrap(api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/dispatch', { params: { path }, body: { id: operationId() } }))}
            onDone={reload}
          />
        )}
        {movements.length > 0 && <StepForm kinds={movements} consignmentId={c.id} organisationId={organisationId} onDone={reload} />}
        {may('inspected') && lastArrival?.locationId && (
          <InspectionForm consignment={c} organisationId={organisationId} locationId={lastArrival.locationId} locationName={lastArrival.locationName ?? ''} onDone={reload} />
        )}
        {may('received') && (
          <p>
            <Link className="button button-primary" to={`/consignments/${organisationId}/${c.id}/receipt`}>
              {t('consignment.receive')}
            </Link>
          </p>
        )}
        {may('closed') && (
          <OneButton
            label={t('consignment.close')}
            hint={t('consignment.closeHint')}
            action={() => unwrap(api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/close', { params: { path }, body: { id: operationId() } }))}
            onDone={reload}
          />
        )}
      </section>

      {c.dwell.length > 0 && (
        <section className="section" aria-labelledby="c-dwell">
          <h2 id="c-dwell">{t('consignment.dwell')}</h2>
          <Table
            rows={c.dwell}
            rowKey={(d) => `${d.locationId}-${d.arrivedAt}`}
            empty=""
            rowProps={(d) => ({ 'data-dwell': d.locationId })}
            columns={[
              { header: t('consignment.place'), cell: (d) => d.locationName },
              { header: t('consignment.arrivedAt'), cell: (d) => <time dateTime={d.arrivedAt}>{formatDateTime(d.arrivedAt)}</time> },
              { header: t('consignment.leftAt'), cell: (d) => (d.leftAt ? <time dateTime={d.leftAt}>{formatDateTime(d.leftAt)}</time> : t('consignment.stillThere')) },
              { header: t('consignment.dwellTime'), numeric: true, cell: (d) => dwellText(i18n, d.dwellHours) },
              { header: t('consignment.underReviewSince'), cell: (d) => (d.underReviewSince ? <time dateTime={d.underReviewSince}>{formatDay(d.underReviewSince)}</time> : '—') },
            ]}
          />
        </section>
      )}

      <section className="section" aria-labelledby="c-events">
        <h2 id="c-events">{t('consignment.timeline')}</h2>
        <ol className="timeline" data-timeline>
          {c.events.map((e) => (
            <li key={e.id} data-event={e.kind}>
              <strong>{t(`consignmentEvent.${e.kind}`)}</strong>
              {e.locationName && <> · {e.locationName}</>} · <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
              <div className="muted small">{t('consignment.by', { name: e.userDisplayName })}</div>
              {e.underReviewSince && <div className="small">{t('consignment.reviewSince', { day: formatDay(e.underReviewSince) })}</div>}
              {e.note && <p className="prose">{e.note}</p>}
              {e.inspection && (
                <ul className="plain" data-inspection>
                  {e.inspection.map((i) => {
                    const line = lines.get(i.lineId);
                    return (
                      <li key={i.lineId} data-outcome={i.outcome}>
                        {line ? lineLabel(line) : i.lineId}: {t(`inspectionOutcome.${i.outcome}`)}
                        {i.outcome === 'rejected' && (
                          <>
                            {' '}
                            ·{' '}
                            {t('consignment.rejectedText', {
                              units: i.rejectedUnits,
                              where: i.toLocationName ?? t('consignment.writtenOff'),
                            })}
                            {i.reason && <span className="prose"> · {i.reason}</span>}
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {e.receipt && (
                <ul className="plain" data-receipt>
                  {e.receipt.map((r) => {
                    const line = lines.get(r.lineId);
                    return (
                      <li key={r.lineId}>
                        {line ? lineLabel(line) : r.lineId}: {t('consignment.receiptText', { good: r.goodUnits, damaged: r.damagedUnits, short: r.shortUnits })}
                        {r.damagedReason && (
                          <span data-damaged-reason={r.damagedReason}>
                            {' '}
                            · {t('consignment.damagedBecause', { reason: t(`damagedReason.${r.damagedReason}`) })}
                            {r.damagedNote && <span className="prose"> ({r.damagedNote})</span>}
                          </span>
                        )}
                        {r.shortReason && (
                          <span data-short-reason={r.shortReason}>
                            {' '}
                            · {t('consignment.shortBecause', { reason: t(`shortReason.${r.shortReason}`) })}
                            {r.shortNote && <span className="prose"> ({r.shortNote})</span>}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** Hours waited, as days and hours when it is more than a day. */
function dwellText({ t }: I18n, hours: number): string {
  const whole = Math.round(hours);
  return whole >= 24 ? t('consignment.daysHours', { days: Math.floor(whole / 24), hours: whole % 24 }) : t('consignment.hours', { hours: whole });
}

/**
 * Changes the route. On the way (as the server requires) the places already reached stay at the
 * head of the route and a reason is given; before dispatch the whole route is free.
 */
function RouteChange(props: { consignment: Consignment; path: { organisationId: string; consignmentId: string }; onDone(): void }) {
  const { t } = useI18n();
  const { consignment: c } = props;
  const onTheWay = c.allowedEvents.includes('rerouted');
  // The server says which part of the route is travelled: those places stay, the rest is free.
  const passed = c.travelled.slice(1).filter((p) => p.id !== c.destination.id);
  const start = (): RouteDraft => {
    const planned = [c.origin.id, ...c.route.slice(0, -1).map((l) => l.to.id), c.destination.id];
    const at = planned.lastIndexOf(c.travelled.at(-1)!.id);
    const stops = [...passed.map((p) => p.id), ...(at >= 0 ? planned.slice(at + 1, -1) : [])];
    const places = [c.origin.id, ...stops, c.destination.id];
    const modeOf = (from: string, to: string) => c.route.find((l) => l.from.id === from && l.to.id === to)?.mode ?? 'road';
    return { stops, modes: places.slice(0, -1).map((from, i) => modeOf(from, places[i + 1]!)) };
  };
  const [open, setOpen] = useState(false);
  const [route, setRoute] = useState<RouteDraft>(start);
  const [reason, setReason] = useState('');
  const form = useFormState();
  if (!open) {
    return (
      <p>
        <button type="button" data-action="change-route" onClick={() => (setRoute(start()), setOpen(true))}>
          {t('consignment.changeRoute')}
        </button>
      </p>
    );
  }
  const submit = () =>
    form.run(async () => {
      const body = { id: operationId(), legs: legsOf(c.origin.id, c.destination.id, route), ...(reason.trim() ? { reason: reason.trim() } : {}) };
      await unwrap(api.PUT('/api/organisations/{organisationId}/consignments/{consignmentId}/route', { params: { path: props.path }, body }));
      setOpen(false);
      setReason('');
      props.onDone();
    });
  return (
    <div className="panel" data-action="route">
      <h3>{t('consignment.changeRoute')}</h3>
      <Form
        state={form}
        onSubmit={() => void submit()}
        submitLabel={t('consignment.saveRoute')}
        actions={
          <button type="button" className="button-quiet" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        }
      >
        <RouteStopsField name="legs" value={route} onChange={setRoute} passed={passed.map((p) => p.name)} hint={onTheWay ? t('consignment.rerouteHint') : undefined} />
        {onTheWay && <TextField name="reason" label={t('consignment.rerouteReason')} hint={t('consignment.rerouteReasonHint')} value={reason} onChange={setReason} />}
      </Form>
    </div>
  );
}

function OneButton(props: { label: string; hint: string; action(): Promise<unknown>; onDone(): void }) {
  const form = useFormState();
  return (
    <div className="panel">
      <Form state={form} onSubmit={() => void form.run(async () => (await props.action(), props.onDone()))} submitLabel={props.label}>
        <p className="muted">{props.hint}</p>
      </Form>
    </div>
  );
}

function PackForm(props: { run(kind: (typeof handlingUnitKinds)[number]): Promise<unknown>; onDone(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<(typeof handlingUnitKinds)[number]>('box');
  const form = useFormState();
  return (
    <div className="panel" data-action="pack">
      <h3>{t('consignment.pack')}</h3>
      <Form state={form} onSubmit={() => void form.run(async () => (await props.run(kind), props.onDone()))} submitLabel={t('consignment.packSubmit')}>
        <SelectField name="kind" label={t('consignment.unitKind')} hint={t('consignment.unitKindHint')} value={kind} onChange={setKind} options={handlingUnitKinds.map((k) => ({ value: k, label: t(`handlingUnitKind.${k}`) }))} />
      </Form>
    </div>
  );
}

function StepForm(props: { kinds: MovementKind[]; consignmentId: string; organisationId: string; onDone(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<MovementKind>(props.kinds[0]!);
  const [locationId, setLocationId] = useState('');
  const [since, setSince] = useState<DateValue>(todayHere());
  const [note, setNote] = useState('');
  const form = useFormState();
  const current = props.kinds.includes(kind) ? kind : props.kinds[0]!;
  const needsPlace = current === 'arrived' || current === 'offloaded' || current === 'collected';
  const submit = () =>
    form.run(async () => {
      const body = {
        id: operationId(),
        kind: current,
        ...(needsPlace && locationId ? { locationId } : {}),
        ...(current === 'under_review' ? { underReviewSince: dateFrom(since, 'underReviewSince') } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      };
      await unwrap(
        api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/events', {
          params: { path: { organisationId: props.organisationId, consignmentId: props.consignmentId } },
          body,
        }),
      );
      setNote('');
      setLocationId('');
      props.onDone();
    });
  return (
    <div className="panel" data-action="step">
      <h3>{t('consignment.recordStep')}</h3>
      <Form state={form} onSubmit={submit} submitLabel={t('consignment.recordStepSubmit')}>
        <SelectField name="kind" label={t('consignment.step')} value={current} onChange={setKind} options={props.kinds.map((k) => ({ value: k, label: t(`consignmentEvent.${k}`) }))} />
        {needsPlace && <LocationPickerField name="locationId" label={t('consignment.where')} hint={t('consignment.whereHint')} value={locationId} onChange={setLocationId} />}
        {current === 'under_review' && <DateField name="underReviewSince" label={t('consignment.underReviewSince')} value={since} onChange={setSince} />}
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}

interface OutcomeDraft {
  outcome: (typeof inspectionOutcomes)[number];
  units: string;
  reason: string;
  toLocationId: string;
}

function InspectionForm(props: { consignment: Consignment; organisationId: string; locationId: string; locationName: string; onDone(): void }) {
  const { t, formatNumber } = useI18n();
  const lines = props.consignment.lines.filter((l) => l.ledger.inTransitUnits > 0);
  const [drafts, setDrafts] = useState<Record<string, OutcomeDraft>>(() =>
    Object.fromEntries(lines.map((l) => [l.id, { outcome: 'cleared', units: '', reason: '', toLocationId: '' }])),
  );
  const [note, setNote] = useState('');
  const form = useFormState();
  const set = (lineId: string, change: Partial<OutcomeDraft>) => setDrafts((d) => ({ ...d, [lineId]: { ...d[lineId]!, ...change } }));
  const submit = () =>
    form.run(async () => {
      const body = {
        id: operationId(),
        locationId: props.locationId,
        ...(note.trim() ? { note: note.trim() } : {}),
        lines: lines.map((l, i) => {
          const d = drafts[l.id]!;
          if (d.outcome !== 'rejected') return { lineId: l.id, outcome: d.outcome };
          return {
            lineId: l.id,
            outcome: d.outcome,
            rejectedUnits: requiredNumber(d.units, `lines.${i}.rejectedUnits`),
            ...(d.reason.trim() ? { reason: d.reason.trim() } : {}),
            ...(d.toLocationId ? { toLocationId: d.toLocationId } : {}),
          };
        }),
      };
      await unwrap(
        api.POST('/api/organisations/{organisationId}/consignments/{consignmentId}/inspections', {
          params: { path: { organisationId: props.organisationId, consignmentId: props.consignment.id } },
          body,
        }),
      );
      props.onDone();
    });
  return (
    <div className="panel" data-action="inspect">
      <h3>{t('consignment.inspect')}</h3>
      <p className="muted">{t('consignment.inspectAt', { place: props.locationName })}</p>
      <Form state={form} onSubmit={submit} submitLabel={t('consignment.inspectSubmit')}>
        {lines.map((l, i) => {
          const d = drafts[l.id]!;
          return (
            <FieldGroup key={l.id} name={`lines.${i}`} legend={`${lineLabel(l)} · ${t('consignment.inTransitN', { units: formatNumber(l.ledger.inTransitUnits) })}`}>
              <div className="form-row" data-inspect-line={l.id}>
                <SelectField
                  name={`lines.${i}.outcome`}
                  label={t('consignment.outcome')}
                  value={d.outcome}
                  onChange={(outcome) => set(l.id, { outcome })}
                  options={inspectionOutcomes.map((o) => ({ value: o, label: t(`inspectionOutcome.${o}`) }))}
                />
                {d.outcome === 'rejected' && (
                  <TextField name={`lines.${i}.rejectedUnits`} label={t('consignment.rejectedUnits')} inputMode="numeric" value={d.units} onChange={(units) => set(l.id, { units })} />
                )}
              </div>
              {d.outcome === 'rejected' && (
                <>
                  <TextField name={`lines.${i}.reason`} label={t('consignment.rejectionReason')} value={d.reason} onChange={(reason) => set(l.id, { reason })} />
                  <LocationPickerField
                    name={`lines.${i}.toLocationId`}
                    label={t('consignment.rejectedTo')}
                    hint={t('consignment.rejectedToHint')}
                    value={d.toLocationId}
                    onChange={(toLocationId) => set(l.id, { toLocationId })}
                  />
                </>
              )}
            </FieldGroup>
          );
        })}
        <TextField name="note" label={t('consignment.note')} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}
