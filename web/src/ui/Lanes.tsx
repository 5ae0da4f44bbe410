import { useState } from 'react';
import { api, unwrap, type TransportLane } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { errorText } from './errors';
import { Form, SelectField, TextField, useFormState } from './Form';
import { Load } from './Loading';
import { LocationPickerField } from './LocationPicker';
import { requiredNumber, useNumberText } from './numbers';
import { Table } from './Table';
import { useLoad } from './useLoad';

/**
 * A sending organisation's transport lanes, which the planner reads as its routes: listed for
 * everyone who reads plans, added and removed by those who plan.
 */
export function Lanes({ organisationId, mayChange }: { organisationId: string; mayChange: boolean }) {
  const i18n = useI18n();
  const { t, nameOf, formatNumber } = i18n;
  const lanes = useLoad(() => unwrap(api.GET('/api/organisations/{organisationId}/transport-lanes', { params: { path: { organisationId } } })), [organisationId], {
    keep: true,
  });
  const removing = useFormState();
  const remove = (lane: TransportLane) => {
    if (!window.confirm(t('lanes.confirmRemove', { from: nameOf(lane.from.names), to: nameOf(lane.to.names) }))) return;
    void removing.run(async () => {
      await unwrap(api.DELETE('/api/organisations/{organisationId}/transport-lanes/{laneId}', { params: { path: { organisationId, laneId: lane.id } } }));
      lanes.reload();
    });
  };
  return (
    <section className="panel" aria-labelledby="lanes">
      <h2 id="lanes">{t('lanes.title')}</h2>
      <p>{t('lanes.intro')}</p>
      {removing.error && (
        <div className="notice notice-error" role="alert">
          {errorText(i18n, removing.error)}
        </div>
      )}
      <Load state={lanes}>
        {(list) => (
          <Table
            rows={list}
            rowKey={(l) => l.id}
            empty={t('lanes.empty')}
            rowProps={(l) => ({ 'data-lane': l.id })}
            columns={[
              { header: t('lanes.from'), cell: (l) => nameOf(l.from.names) },
              { header: t('lanes.to'), cell: (l) => nameOf(l.to.names) },
              { header: t('lanes.leadTime'), numeric: true, cell: (l) => formatNumber(l.leadTimeDays) },
              { header: t('lanes.period'), numeric: true, cell: (l) => formatNumber(l.periodDays) },
              { header: t('lanes.capacityKg'), numeric: true, cell: (l) => formatNumber(l.capacityKgPerPeriod) },
              { header: t('lanes.capacityM3'), numeric: true, cell: (l) => formatNumber(l.capacityM3PerPeriod) },
              mayChange && {
                header: t('common.actions'),
                cell: (l) => (
                  <button type="button" className="button-danger" disabled={removing.busy} onClick={() => remove(l)}>
                    {t('lanes.remove')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Load>
      {mayChange && <AddLane organisationId={organisationId} onAdded={lanes.reload} />}
    </section>
  );
}

function AddLane({ organisationId, onAdded }: { organisationId: string; onAdded(): void }) {
  const { t, nameOf } = useI18n();
  const numberText = useNumberText();
  const sites = useLoad(() => unwrap(api.GET('/api/locations', { params: { query: { organisationId, level: 'site' } } })), [organisationId]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [leadTime, setLeadTime] = useState(numberText(5));
  const [period, setPeriod] = useState(numberText(7));
  const [kg, setKg] = useState('');
  const [m3, setM3] = useState('');
  const form = useFormState();
  const submit = () =>
    form.run(async () => {
      await unwrap(
        api.POST('/api/organisations/{organisationId}/transport-lanes', {
          params: { path: { organisationId } },
          body: {
            fromLocationId: from,
            toLocationId: to,
            leadTimeDays: requiredNumber(leadTime, 'leadTimeDays'),
            periodDays: requiredNumber(period, 'periodDays'),
            capacityKgPerPeriod: requiredNumber(kg, 'capacityKgPerPeriod'),
            capacityM3PerPeriod: requiredNumber(m3, 'capacityM3PerPeriod'),
          },
        }),
      );
      setTo('');
      onAdded();
    });
  return (
    <Load state={sites}>
      {(list) => (
        <Form state={form} onSubmit={() => void submit()} submitLabel={t('lanes.add')}>
          <SelectField
            name="fromLocationId"
            label={t('lanes.from')}
            value={from}
            onChange={setFrom}
            options={[{ value: '', label: t('lanes.chooseWarehouse') }, ...list.map((s) => ({ value: s.id, label: nameOf(s.names) }))]}
          />
          <LocationPickerField name="toLocationId" label={t('lanes.to')} hint={t('lanes.toHint')} value={to} onChange={setTo} />
          <TextField name="leadTimeDays" label={t('lanes.leadTime')} inputMode="numeric" value={leadTime} onChange={setLeadTime} />
          <TextField name="periodDays" label={t('lanes.period')} hint={t('lanes.periodHint')} inputMode="numeric" value={period} onChange={setPeriod} />
          <TextField name="capacityKgPerPeriod" label={t('lanes.capacityKg')} inputMode="decimal" value={kg} onChange={setKg} />
          <TextField name="capacityM3PerPeriod" label={t('lanes.capacityM3')} inputMode="decimal" value={m3} onChange={setM3} />
        </Form>
      )}
    </Load>
  );
}
