import { useState } from 'react';
import { api, unwrap, type Item, type Need, type Organisation, type OrganisationRef } from '../api/client';
import { priorities, sectors } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import type { ScreenProps } from '../routes';
import { navigate, useQuery } from '../router';
import { dateFrom, DateField, type DateValue } from '../ui/DateField';
import { CheckboxField, FieldGroup, Form, SelectField, TextAreaField, TextField, useFormState } from '../ui/Form';
import { ItemLinesField, type ItemLineDraft } from '../ui/ItemLines';
import { Load } from '../ui/Loading';
import { LocationPickerField } from '../ui/LocationPicker';
import { requiredNumber, useNumberText } from '../ui/numbers';
import { chosenOrganisation, OrganisationChoice, useActingOrganisations } from '../ui/Organisations';
import { NotAllowed, PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

type Priority = Need['priority'];
type Sector = Need['sector'];

/** Records a need of a partner as a draft (`/needs/new`), or edits a draft (`/needs/:needId/edit`). */
export default function NeedForm({ params }: ScreenProps) {
  const id = params.needId;
  const acting = useActingOrganisations('needs:write', 'partner');
  const data = useLoad(
    () =>
      Promise.all([
        id ? unwrap(api.GET('/api/needs/{needId}', { params: { path: { needId: id } } })) : Promise.resolve(null),
        unwrap(api.GET('/api/items', { params: { query: {} } })),
        unwrap(api.GET('/api/organisations', { params: { query: { kind: 'sending' } } })),
      ]),
    [id],
  );
  return (
    <Load state={acting}>
      {(candidates) => (
        <Load state={data}>
          {([need, items, sending]) => <Editor key={need?.id ?? 'new'} need={need} items={items} sending={sending} candidates={candidates} />}
        </Load>
      )}
    </Load>
  );
}

function Editor({ need, items, sending, candidates }: { need: Need | null; items: Item[]; sending: Organisation[]; candidates: OrganisationRef[] }) {
  const { t, nameOf } = useI18n();
  const numberText = useNumberText();
  const [query] = useQuery();
  const organisation = need ? need.organisation : chosenOrganisation(candidates, query.get('organisation'));
  const [title, setTitle] = useState(need?.title ?? '');
  const [addressedTo, setAddressedTo] = useState<string[]>(need?.addressedTo.map((o) => o.id) ?? (sending.length === 1 ? [sending[0]!.id] : []));
  const [locationId, setLocationId] = useState(need?.location.id ?? '');
  const [priority, setPriority] = useState<Priority>(need?.priority ?? 'high');
  const [neededBy, setNeededBy] = useState<DateValue>(need?.neededBy ?? '');
  const [people, setPeople] = useState(numberText(need?.peopleToReach));
  const [sector, setSector] = useState<Sector>(need?.sector ?? 'food_security');
  const [sectorChosen, setSectorChosen] = useState(need !== null);
  const [justification, setJustification] = useState(need?.justification ?? '');
  const [lines, setLines] = useState<ItemLineDraft[]>(need?.lines.map((l) => ({ itemId: l.item.id, quantity: numberText(l.quantityUnits) })) ?? [{ itemId: '', quantity: '' }]);
  const form = useFormState();

  if (!organisation) {
    return <NotAllowed title={t('needs.new')} reason={t('needs.notAllowed')} />;
  }

  const submit = () =>
    form.run(async () => {
      const body = {
        title: title.trim(),
        addressedTo,
        locationId,
        priority,
        neededBy: dateFrom(neededBy, 'neededBy'),
        peopleToReach: requiredNumber(people, 'peopleToReach'),
        sector,
        justification: justification.trim(),
        lines: lines.map((l, i) => ({ itemId: l.itemId, quantityUnits: requiredNumber(l.quantity, `lines.${i}.quantityUnits`) })),
      };
      const saved = need
        ? await unwrap(api.PUT('/api/needs/{needId}', { params: { path: { needId: need.id } }, body }))
        : await unwrap(api.POST('/api/organisations/{organisationId}/needs', { params: { path: { organisationId: organisation.id } }, body }));
      navigate(`/needs/${saved.id}`, { replace: !need });
    });

  return (
    <>
      <PageHeader title={need ? t('need.editTitle') : t('needs.new')}>
        <p>{need ? need.title : t('need.formIntro', { organisation: nameOf(organisation.names) })}</p>
      </PageHeader>
      {!need && (
        <div className="filters">
          <OrganisationChoice candidates={candidates} label={t('need.organisation')} />
        </div>
      )}
      <Form state={form} onSubmit={submit} submitLabel={need ? t('common.save') : t('need.saveDraft')}>
        <TextField name="title" label={t('need.title')} hint={t('need.titleHint')} value={title} onChange={setTitle} />
        <ItemLinesField
          legend={t('need.lines')}
          hint={t('need.linesHint')}
          addLabel={t('need.addLine')}
          items={items}
          lines={lines}
          onChange={(next) => {
            setLines(next);
            // The sector usually follows what is asked for, until the reader chooses one.
            const first = items.find((it) => it.id === next[0]?.itemId);
            if (first && !sectorChosen) setSector(first.sector);
          }}
        />
        <FieldGroup name="addressedTo" legend={t('need.addressedTo')} hint={t('need.addressedToHint')} inner>
          {sending.map((o) => (
            <CheckboxField
              key={o.id}
              name={`addressee-${o.id}`}
              label={nameOf(o.names)}
              checked={addressedTo.includes(o.id)}
              onChange={(checked) => setAddressedTo((list) => (checked ? [...list, o.id] : list.filter((x) => x !== o.id)))}
            />
          ))}
        </FieldGroup>
        <LocationPickerField name="locationId" label={t('need.location')} value={locationId} onChange={setLocationId} />
        <div className="form-row">
          <SelectField name="priority" label={t('need.priority')} value={priority} onChange={setPriority} options={priorities.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
          <SelectField
            name="sector"
            label={t('catalogue.sector')}
            value={sector}
            onChange={(value) => {
              setSector(value);
              setSectorChosen(true);
            }}
            options={sectors.map((s) => ({ value: s, label: t(`sector.${s}`) }))}
          />
          <TextField name="peopleToReach" label={t('need.peopleToReach')} inputMode="numeric" value={people} onChange={setPeople} />
        </div>
        <DateField name="neededBy" label={t('need.neededBy')} value={neededBy} onChange={setNeededBy} />
        <TextAreaField name="justification" label={t('need.justification')} hint={t('need.justificationHint')} value={justification} onChange={setJustification} />
      </Form>
    </>
  );
}
