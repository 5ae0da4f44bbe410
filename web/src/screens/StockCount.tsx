import { useState } from 'react';
import { ApiError, api, unwrap, type Item, type Location, type OrganisationRef, type StockCount as Count } from '../api/client';
import { countReasons } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { Link, navigate, useQuery } from '../router';
import { useSession } from '../session';
import { Form, SelectField, TextAreaField, useFormState, Field } from '../ui/Form';
import { Load } from '../ui/Loading';
import { localError } from '../ui/errors';
import { optionalNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import type { ScreenProps } from '../routes';
import { newId, useStockBasics } from '../ui/stock';
import { useLoad } from '../ui/useLoad';

type Reason = (typeof countReasons)[number];
/** Which reasons fit a difference: a shortfall was lost, damaged, …; a surplus was found; either may be a typing mistake. */
const reasonsFor = (difference: number): readonly Reason[] =>
  difference < 0 ? countReasons.filter((r) => r !== 'found') : countReasons.filter((r) => r === 'found' || r === 'data-entry-error' || r === 'other');

/**
 * A stock count at one site: open a counting sheet (what the books say), type what is on the
 * shelves, give a reason for each difference, then post it: each difference becomes an adjustment
 * in the ledger.
 */
export default function StockCount({ params }: ScreenProps) {
  const acting = useActingOrganisations('stock:read');
  return <Load state={acting}>{(candidates) => <CountScreen candidates={candidates} countId={params.countId} />}</Load>;
}

function CountScreen({ candidates, countId }: { candidates: OrganisationRef[]; countId?: string }) {
  const { t } = useI18n();
  const [query] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const basics = useStockBasics(organisation?.id);
  if (!organisation) return <NotAllowed title={t('count.title')} reason={t('stock.notAllowed')} />;
  return (
    <Load state={basics}>
      {({ items, sites }) =>
        countId ? (
          <CountSheet organisation={organisation} countId={countId} items={items} sites={sites} />
        ) : (
          <StartCount organisation={organisation} candidates={candidates} sites={sites} />
        )
      }
    </Load>
  );
}

function StartCount({ organisation, candidates, sites }: { organisation: OrganisationRef; candidates: OrganisationRef[]; sites: Location[] }) {
  const { t, nameOf } = useI18n();
  const [locationId, setLocationId] = useState(sites[0]?.id ?? '');
  const [note, setNote] = useState('');
  const [countId] = useState(newId);
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      const count = await unwrap(
        api.POST('/api/organisations/{organisationId}/stock/counts', {
          params: { path: { organisationId: organisation.id } },
          body: { id: countId, locationId, note: note.trim() || undefined },
        }),
      );
      navigate(`/stock/counts/${count.id}?organisation=${organisation.id}`);
    });
  return (
    <div data-screen="count-start">
      <PageHeader title={t('count.title')}>
        <p>{t('count.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('stock.organisation')} />
      </div>
      <Form state={form} onSubmit={submit} submitLabel={t('count.start')}>
        <SelectField name="locationId" label={t('stock.location')} value={locationId} onChange={setLocationId} options={sites.map((s) => ({ value: s.id, label: nameOf(s.names) }))} />
        <TextAreaField name="note" label={t('count.note')} hint={t('count.noteHint')} rows={2} value={note} onChange={setNote} />
      </Form>
    </div>
  );
}

interface Entry {
  counted: string;
  reason: Reason | '';
}

function CountSheet({ organisation, countId, items, sites }: { organisation: OrganisationRef; countId: string; items: Item[]; sites: Location[] }) {
  const { t } = useI18n();
  const count = useLoad(
    () => unwrap(api.GET('/api/organisations/{organisationId}/stock/counts/{countId}', { params: { path: { organisationId: organisation.id, countId } } })),
    [organisation.id, countId],
  );
  return (
    <Load state={count}>
      {(loaded) => <Sheet key={loaded.status} organisation={organisation} initial={loaded} items={items} sites={sites} />}
    </Load>
  );
}

function Sheet({ organisation, initial, items, sites }: { organisation: OrganisationRef; initial: Count; items: Item[]; sites: Location[] }) {
  const { t, nameOf, formatNumber, formatDateTime } = useI18n();
  const session = useSession();
  const numberText = useNumberText();
  const [count, setCount] = useState(initial);
  const [entries, setEntries] = useState<Entry[]>(() => initial.lines.map((l) => ({ counted: numberText(l.countedUnits), reason: l.reason ?? '' })));
  const [closeId] = useState(newId);
  const [saved, setSaved] = useState(false);
  const form = useFormState();
  const open = count.status === 'open';
  const canWrite = open && session.can('stock:write', organisation.id);
  const site = sites.find((s) => s.id === count.locationId);
  const itemOf = (id: string) => items.find((i) => i.id === id);
  const set = (i: number, change: Partial<Entry>) => {
    setSaved(false);
    setEntries(entries.map((e, j) => (j === i ? { ...e, ...change } : e)));
  };
  const differenceOf = (i: number): number | null => {
    const line = count.lines[i]!;
    if (!open) return line.differenceUnits;
    try {
      const counted = optionalNumber(entries[i]!.counted, '');
      return counted === null ? null : counted - line.expectedUnits;
    } catch {
      return null;
    }
  };

  /** The lines typed so far; an error the server gives about the n-th sent line is shown on its row. */
  const save = async (posting: boolean) => {
    const rows = count.lines.map((line, i) => ({ line, i, counted: optionalNumber(entries[i]!.counted, `lines.${i}.countedUnits`) })).filter((r) => r.counted !== null);
    // A difference without a reason would stop the posting: say so beside the line now.
    for (const r of rows) {
      if (posting && r.counted !== r.line.expectedUnits && !entries[r.i]!.reason) throw localError('reason_required', `lines.${r.i}.reason`);
    }
    if (rows.length === 0) return count;
    try {
      const next = await unwrap(
        api.PUT('/api/organisations/{organisationId}/stock/counts/{countId}/lines', {
          params: { path: { organisationId: organisation.id, countId: count.id } },
          body: {
            lines: rows.map((r) => ({ lotId: r.line.lotId, countedUnits: r.counted!, reason: entries[r.i]!.reason || undefined })),
          },
        }),
      );
      setCount(next);
      return next;
    } catch (error) {
      const sent = error instanceof ApiError ? /^lines\.(\d+)(\..*)?$/.exec(error.field ?? '') : null;
      if (error instanceof ApiError && sent) {
        throw new ApiError(error.status, error.code, error.message, `lines.${rows[Number(sent[1])]!.i}${sent[2] ?? ''}`);
      }
      throw error;
    }
  };
  const saveOnly = () =>
    form.run(async () => {
      await save(false);
      setSaved(true);
    });
  const post = () =>
    form.run(async () => {
      await save(true);
      const closed = await unwrap(
        api.POST('/api/organisations/{organisationId}/stock/counts/{countId}/close', { params: { path: { organisationId: organisation.id, countId: count.id } }, body: { id: closeId } }),
      );
      setCount(closed);
    });

  const table = (
    <div className="table-wrap">
      <table className="count-sheet">
        <thead>
          <tr>
            <th scope="col">{t('stock.item')}</th>
            <th scope="col">{t('stock.lot')}</th>
            <th scope="col" className="number">
              {t('count.expected')}
            </th>
            <th scope="col">{t('count.counted')}</th>
            <th scope="col" className="number">
              {t('count.difference')}
            </th>
            <th scope="col">{t('count.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {count.lines.map((line, i) => {
            const item = itemOf(line.itemId);
            const difference = differenceOf(i);
            const reasons = difference === null || difference === 0 ? [] : reasonsFor(difference);
            return (
              <tr key={line.lotId} data-lot={line.lotId} data-difference={difference ?? ''}>
                <td>{item ? nameOf(item.names) : line.itemId}</td>
                <td className="nowrap">
                  <span className="code">{line.lotCode}</span>
                </td>
                <td className="number">{formatNumber(line.expectedUnits)}</td>
                <td>
                  {canWrite ? (
                    <Field name={`lines.${i}.countedUnits`} label={t('count.countedOf', { lot: line.lotCode })} className="field-compact">
                      {(aria) => <input type="text" inputMode="numeric" size={6} {...aria} value={entries[i]!.counted} onChange={(e) => set(i, { counted: e.target.value })} />}
                    </Field>
                  ) : line.countedUnits === null ? (
                    '—'
                  ) : (
                    formatNumber(line.countedUnits)
                  )}
                </td>
                <td className={`number${difference ? ' count-difference' : ''}`}>{difference === null ? '—' : formatNumber(difference, { signDisplay: 'exceptZero' })}</td>
                <td>
                  {canWrite ? (
                    reasons.length > 0 ? (
                      <SelectField
                        name={`lines.${i}.reason`}
                        label={t('count.reasonOf', { lot: line.lotCode })}
                        value={entries[i]!.reason}
                        onChange={(reason) => set(i, { reason })}
                        options={[{ value: '' as const, label: t('common.choose') }, ...reasons.map((r) => ({ value: r, label: t(`countReason.${r}`) }))]}
                      />
                    ) : (
                      '—'
                    )
                  ) : line.reason ? (
                    t(`countReason.${line.reason}`)
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  const differences = count.lines.filter((l) => (l.differenceUnits ?? 0) !== 0).length;
  return (
    <div data-screen="count" data-count-status={count.status}>
      <PageHeader title={t('count.sheetTitle', { site: site ? nameOf(site.names) : '' })}>
        <p>
          {open ? t('count.openSince', { date: formatDateTime(count.openedAt) }) : t('count.closedAt', { date: formatDateTime(count.closedAt ?? count.openedAt) })}
          {count.note && (
            <>
              {' · '}
              <span className="prose">{count.note}</span>
            </>
          )}
        </p>
      </PageHeader>
      {!open && (
        <div className="notice notice-ok" role="status" data-posted>
          <p>{t('count.posted', { differences: formatNumber(differences) })}</p>
          <Link to={`/stock?organisation=${organisation.id}&location=${count.locationId}`}>{t('intake.seeStock')}</Link>
        </div>
      )}
      {saved && (
        <div className="notice notice-ok" role="status">
          {t('count.saved')}
        </div>
      )}
      {count.lines.length === 0 ? (
        <p className="empty">{t('count.empty')}</p>
      ) : (
        canWrite ? (
          <Form
            state={form}
            onSubmit={post}
            submitLabel={t('count.post')}
            className="form form-wide"
            actions={
              <button type="button" onClick={() => void saveOnly()} disabled={form.busy}>
                {t('count.save')}
              </button>
            }
          >
            <p className="muted">{t('count.postHint')}</p>
            {table}
          </Form>
        ) : (
          table
        )
      )}
    </div>
  );
}
