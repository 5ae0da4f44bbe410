import { useState } from 'react';
import { api, unwrap, type EntitlementCheck, type EntitlementRule, type Household, type Item } from '../api/client';
import { todayHere } from '../i18n/dates';
import { useI18n } from '../i18n/i18n';
import { dateFrom, DateField, type DateValue } from './DateField';
import { ruleSentence } from './entitlements';
import { Form, useFormState } from './Form';
import { ItemLinesField, type ItemLineDraft } from './ItemLines';
import { requiredNumber, useNumberText } from './numbers';
import { Load } from './Loading';
import { useLoad } from './useLoad';

/**
 * May this household receive these items on this day? Asked before a distribution is confirmed,
 * and answered rule by rule: what the rule allows, what the household already received in the
 * fullest window around the day, and why a line does not fit. Nothing is recorded.
 */
export function EntitlementCheckPanel({ organisationId, household }: { organisationId: string; household: Household }) {
  const { t } = useI18n();
  const data = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET('/api/organisations/{organisationId}/entitlement-rules', { params: { path: { organisationId }, query: {} } })),
        unwrap(api.GET('/api/items', { params: { query: {} } })),
      ]),
    [organisationId],
  );
  return (
    <section className="panel" aria-labelledby="entitlement-check" data-check>
      <h2 id="entitlement-check">{t('check.title')}</h2>
      <p className="muted">{t('check.intro')}</p>
      <Load state={data}>{([rules, items]) => <Checker organisationId={organisationId} household={household} rules={rules} items={items} />}</Load>
    </section>
  );
}

function Checker({ organisationId, household, rules, items }: { organisationId: string; household: Household; rules: EntitlementRule[]; items: Item[] }) {
  const i18n = useI18n();
  const { t, nameOf, formatDay } = i18n;
  const numberText = useNumberText();
  const [on, setOn] = useState<DateValue>(todayHere());
  // The item of the first rule is the likely one to hand over.
  const [lines, setLines] = useState<ItemLineDraft[]>([{ itemId: rules[0]?.item.id ?? '', quantity: numberText(1) }]);
  const [result, setResult] = useState<{ check: EntitlementCheck; on: string; itemIds: string[] } | null>(null);
  const form = useFormState();
  const itemName = (itemId: string) => {
    const item = items.find((it) => it.id === itemId);
    return item ? nameOf(item.names) : itemId;
  };

  const change = (next: ItemLineDraft[]) => {
    setLines(next);
    setResult(null);
  };
  const submit = () =>
    form.run(async () => {
      const body = {
        householdId: household.id,
        on: dateFrom(on, 'on'),
        lines: lines.map((l, i) => ({ itemId: l.itemId, quantityUnits: requiredNumber(l.quantity, `lines.${i}.quantityUnits`) })),
      };
      const check = await unwrap(api.POST('/api/organisations/{organisationId}/entitlements/check', { params: { path: { organisationId } }, body }));
      setResult({ check, on: body.on, itemIds: body.lines.map((l) => l.itemId) });
    });

  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const outcomeText = (o: EntitlementCheck['outcomes'][number]) => ({
    allowed: o.allowedUnits,
    used: o.usedUnits,
    proposed: o.proposedUnits,
    remaining: o.remainingUnits,
    from: formatDay(o.window.from),
    to: formatDay(o.window.to),
  });
  return (
    <>
      <Form state={form} onSubmit={submit} submitLabel={t('check.submit')}>
        <DateField
          name="on"
          label={t('check.on')}
          hint={t('check.onHint')}
          value={on}
          onChange={(value) => {
            setOn(value);
            setResult(null);
          }}
        />
        <ItemLinesField legend={t('check.lines')} addLabel={t('check.addLine')} items={items} lines={lines} onChange={change} newQuantity={numberText(1)} />
      </Form>

      {result && (
        <div className="check-result" data-allowed={result.check.allowed} aria-live="polite">
          <div className={`notice ${result.check.allowed ? 'notice-ok' : 'notice-error'} verdict`} role="status">
            <strong>{result.check.allowed ? t('check.allowed') : t('check.refused')}</strong>{' '}
            {t('check.verdictOn', { date: formatDay(result.on) })}
          </div>
          <ul className="outcomes">
            {result.check.outcomes.map((o) => {
              const rule = ruleById.get(o.ruleId);
              return (
                <li key={o.ruleId} className={o.ok ? 'outcome-ok' : 'outcome-refused'} data-outcome={o.ok ? 'ok' : 'refused'}>
                  <strong>
                    <span aria-hidden="true">{o.ok ? '✓' : '✗'}</span> {itemName(o.itemId)}
                  </strong>
                  {rule && <div className="muted">{ruleSentence(i18n, rule)}</div>}
                  <p className="outcome-reason">
                    {o.ok ? t('check.fits', outcomeText(o)) : t('check.reason', outcomeText(o))}
                  </p>
                </li>
              );
            })}
            {[...new Set(result.itemIds)]
              .filter((itemId) => !result.check.outcomes.some((o) => o.itemId === itemId))
              .map((itemId) => (
                <li key={itemId} className="outcome-ok" data-outcome="no-rule">
                  <strong>{itemName(itemId)}</strong>
                  <p className="outcome-reason">{t('check.noRule')}</p>
                </li>
              ))}
          </ul>
        </div>
      )}
    </>
  );
}
