import { useMemo, useState } from 'react';
import { api, unwrap, type EntitlementRule, type Item, type OrganisationRef } from '../api/client';
import { entitlementBases, windowKinds } from '../api/enums';
import { monthNames } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../router';
import { useSession, useUser } from '../session';
import { ruleSentence } from '../ui/entitlements';
import { errorText } from '../ui/errors';
import { FieldGroup, Form, SelectField, TextField, useFormState } from '../ui/Form';
import { ItemPickerField } from '../ui/ItemPicker';
import { Load } from '../ui/Loading';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

type Basis = EntitlementRule['per'];
type WindowKind = EntitlementRule['window']['kind'];

/**
 * A partner's entitlement rules: how much of an item a household may receive, per household or
 * per person, in any so many days or per school year. Rules are policy, readable by everyone;
 * the partner's coordinators add and retire them (a rule is never edited, so past checks stay
 * explainable).
 */
export default function EntitlementRules() {
  const user = useUser();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/organisations', { params: { query: { kind: 'partner' } } })),
        unwrap(api.GET('/api/items', { params: { query: {} } })),
      ]),
    [],
  );
  return (
    <Load state={data}>
      {([partners, items]) => {
        // The reader's own partners first: theirs is the likely one to look at.
        const own = new Set(user.memberships.map((m) => m.organisationId));
        const candidates = [...partners.filter((o) => own.has(o.id)), ...partners.filter((o) => !own.has(o.id))].map((o) => ({ id: o.id, names: o.names }));
        return <Rules candidates={candidates} items={items} />;
      }}
    </Load>
  );
}

function Rules({ candidates, items }: { candidates: OrganisationRef[]; items: Item[] }) {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const session = useSession();
  const [query, setQuery] = useQuery();
  const organisation = chosenOrganisation(candidates, query.get('organisation'));
  const retired = query.get('retired') === 'true';
  const organisationId = organisation?.id;
  const rules = useLoad(
    async () =>
      organisationId
        ? unwrap(api.GET('/api/organisations/{organisationId}/entitlement-rules', { params: { path: { organisationId }, query: retired ? { retired: 'true' } : {} } }))
        : [],
    [organisationId, retired],
    { keep: true },
  );
  const retiring = useFormState();
  if (!organisation) {
    return <NotAllowed title={t('rules.title')} reason={t('rules.noPartners')} />;
  }
  const mayWrite = session.can('entitlements:write', organisation.id);
  const retire = (rule: EntitlementRule) => {
    if (!window.confirm(t('rules.confirmRetire', { rule: ruleSentence(i18n, rule) }))) return;
    void retiring.run(async () => {
      await unwrap(api.POST('/api/organisations/{organisationId}/entitlement-rules/{ruleId}/retire', { params: { path: { organisationId: organisation.id, ruleId: rule.id } }, body: {} }));
      rules.reload();
    });
  };

  return (
    <>
      <PageHeader title={t('rules.title')}>
        <p>{t('rules.intro')}</p>
      </PageHeader>
      <div className="filters">
        <OrganisationChoice candidates={candidates} label={t('rules.organisation')} />
        <label className="filter-checkbox">
          <input type="checkbox" checked={retired} onChange={(e) => setQuery({ retired: e.target.checked ? 'true' : undefined })} /> {t('rules.showRetired')}
        </label>
      </div>
      {retiring.error && (
        <div className="notice notice-error" role="alert">
          {errorText(i18n, retiring.error)}
        </div>
      )}
      <Load state={rules}>
        {(list) => (
          <Table
            rows={list}
            rowKey={(r) => r.id}
            empty={t('rules.empty')}
            rowProps={(r) => ({ 'data-rule': r.item.code })}
            columns={[
              { header: t('rules.rule'), cell: (r) => ruleSentence(i18n, r) },
              { header: t('item.code'), code: true, cell: (r) => r.item.code },
              { header: t('rules.since'), cell: (r) => <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time> },
              {
                header: t('common.status'),
                cell: (r) =>
                  r.retiredAt ? (
                    <span className="tag tag-muted">{t('rules.retiredOn', { date: formatDate(r.retiredAt) })}</span>
                  ) : (
                    <span className="tag">{t('rules.active')}</span>
                  ),
              },
              mayWrite && {
                header: t('common.actions'),
                cell: (r) =>
                  r.retiredAt ? null : (
                    <button type="button" className="button-danger" disabled={retiring.busy} onClick={() => retire(r)}>
                      {t('rules.retire')}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Load>
      {mayWrite && <AddRule organisationId={organisation.id} items={items} onAdded={rules.reload} />}
    </>
  );
}

function AddRule({ organisationId, items, onAdded }: { organisationId: string; items: Item[]; onAdded(): void }) {
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const numberText = useNumberText();
  const [itemId, setItemId] = useState('');
  const [quantity, setQuantity] = useState(numberText(1));
  const [per, setPer] = useState<Basis>('household');
  const [windowKind, setWindowKind] = useState<WindowKind>('rolling_days');
  const [days, setDays] = useState(numberText(30));
  const [startMonth, setStartMonth] = useState('09');
  const [startDay, setStartDay] = useState('01');
  const form = useFormState();
  // A school year starts on a day of the Gregorian year (MM-DD), named in the reader's language.
  const months = useMemo(() => monthNames('gregory', i18n.gregorianLocale), [i18n.gregorianLocale]);

  const submit = () =>
    form.run(async () => {
      const window =
        windowKind === 'rolling_days' ? { kind: windowKind, days: requiredNumber(days, 'window.days') } : { kind: windowKind, startsOn: `${startMonth}-${startDay}` };
      await unwrap(
        api.POST('/api/organisations/{organisationId}/entitlement-rules', {
          params: { path: { organisationId } },
          body: { itemId, quantityUnits: requiredNumber(quantity, 'quantityUnits'), per, window },
        }),
      );
      setItemId('');
      onAdded();
    });

  const two = (n: number) => String(n).padStart(2, '0');
  return (
    <section className="panel section" aria-labelledby="add-rule">
      <h2 id="add-rule">{t('rules.add')}</h2>
      <Form state={form} onSubmit={submit} submitLabel={t('rules.addSubmit')}>
        <ItemPickerField name="itemId" label={t('need.item')} items={items} value={itemId} onChange={setItemId} />
        <div className="form-row">
          <TextField name="quantityUnits" label={t('rules.quantity')} inputMode="numeric" value={quantity} onChange={setQuantity} />
          <SelectField name="per" label={t('rules.per')} value={per} onChange={setPer} options={entitlementBases.map((b) => ({ value: b, label: t(`rule.per.${b}`) }))} />
        </div>
        <FieldGroup name="window" legend={t('rules.window')}>
          <SelectField name="window.kind" label={t('rules.windowKind')} value={windowKind} onChange={setWindowKind} options={windowKinds.map((k) => ({ value: k, label: t(`rules.windowKind.${k}`) }))} />
          {windowKind === 'rolling_days' ? (
            <TextField name="window.days" label={t('rules.days')} inputMode="numeric" value={days} onChange={setDays} />
          ) : (
            <div className="form-row">
              <SelectField name="window.startsOn" label={t('rules.startMonth')} value={startMonth} onChange={setStartMonth} options={months.map((name, i) => ({ value: two(i + 1), label: name }))} />
              <SelectField
                name="window.startsOnDay"
                label={t('rules.startDay')}
                value={startDay}
                onChange={setStartDay}
                options={Array.from({ length: 31 }, (_, i) => ({ value: two(i + 1), label: formatNumber(i + 1) }))}
              />
            </div>
          )}
        </FieldGroup>
      </Form>
    </section>
  );
}
