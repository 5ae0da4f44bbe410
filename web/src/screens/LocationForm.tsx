import { useState } from 'react';
import { api, unwrap, type Location, type Names } from '../api/client';
import { siteKinds } from '../api/enums';
import { useI18n } from '../i18n/i18n';
import { parseNumber } from '../i18n/numbers';
import { navigate, useLocation } from '../router';
import { useSession, useUser } from '../session';
import { localError } from '../ui/errors';
import { Form, SelectField, TextField, useFormState } from '../ui/Form';
import { Load } from '../ui/Loading';
import { cleanNames, NamesFields } from '../ui/NamesFields';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/useLoad';

type Level = Location['level'];
type SiteKind = NonNullable<Location['siteKind']>;

/** What may hang under a place (the same rule the server checks). */
const childLevels: Record<Level, Level[]> = { country: ['admin1'], admin1: ['admin2', 'site'], admin2: ['site'], site: [] };

/** Adds a site (or an area) under a place: `/locations/new?parentId=…`. */
export default function LocationForm() {
  const { query } = useLocation();
  const parentId = query.get('parentId') ?? '';
  const parent = useLoad(() => unwrap(api.GET('/api/locations/{locationId}', { params: { path: { locationId: parentId } } })), [parentId]);
  return <Load state={parent}>{(loaded) => <Editor parent={loaded} />}</Load>;
}

function Editor({ parent }: { parent: Location }) {
  const { t, nameOf } = useI18n();
  const user = useUser();
  const session = useSession();
  const levels = childLevels[parent.level];
  const [level, setLevel] = useState<Level>(levels.includes('site') ? 'site' : (levels[0] ?? 'site'));
  const [siteKind, setSiteKind] = useState<SiteKind>('warehouse');
  const [names, setNames] = useState<Names>({});
  const [pcode, setPcode] = useState('');
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  // A site is run by one of the organisations where this person may add places, or by nobody yet.
  const runners = user.memberships.filter((m) => session.can('locations:write', m.organisationId));
  const [organisationId, setOrganisationId] = useState(runners[0]?.organisationId ?? '');
  const form = useFormState();

  const coordinate = (text: string, field: string) => {
    if (text.trim() === '') return undefined;
    const value = parseNumber(text);
    if (value === null) throw localError('not_a_number', field);
    return value;
  };

  const submit = () =>
    form.run(async () => {
      const lat = coordinate(latitude, 'latitude');
      const lon = coordinate(longitude, 'longitude');
      const body = {
        level,
        parentId: parent.id,
        names: cleanNames(names),
        ...(level === 'site' ? { siteKind } : {}),
        ...(pcode.trim() ? { pcode: pcode.trim().toUpperCase() } : {}),
        ...(lat !== undefined ? { latitude: lat } : {}),
        ...(lon !== undefined ? { longitude: lon } : {}),
        ...(organisationId && level === 'site' ? { organisationId } : {}),
      };
      await unwrap(api.POST('/api/locations', { body }));
      navigate(`/locations?parent=${parent.id}`);
    });

  return (
    <>
      <PageHeader title={t('locations.add')}>
        <p>{t('locations.under', { place: nameOf(parent.names) })}</p>
      </PageHeader>
      {levels.length === 0 ? (
        <p>{t('locations.noChildren')}</p>
      ) : (
        <Form state={form} onSubmit={submit} submitLabel={t('locations.create')}>
          <div className="form-row">
            <SelectField name="level" label={t('locations.level')} value={level} onChange={setLevel} options={levels.map((l) => ({ value: l, label: t(`locationLevel.${l}`) }))} />
            {level === 'site' && (
              <SelectField name="siteKind" label={t('locations.siteKind')} value={siteKind} onChange={setSiteKind} options={siteKinds.map((k) => ({ value: k, label: t(`siteKind.${k}`) }))} />
            )}
          </div>
          <NamesFields value={names} onChange={setNames} />
          <div className="form-row">
            <TextField name="pcode" label={t('locations.pcode')} hint={t('locations.pcodeHint')} dir="ltr" value={pcode} onChange={setPcode} />
            <TextField name="latitude" label={t('locations.latitude')} hint={t('common.optional')} inputMode="decimal" dir="ltr" value={latitude} onChange={setLatitude} />
            <TextField name="longitude" label={t('locations.longitude')} hint={t('common.optional')} inputMode="decimal" dir="ltr" value={longitude} onChange={setLongitude} />
          </div>
          {level === 'site' && (
            <SelectField
              name="organisationId"
              label={t('locations.runBy')}
              value={organisationId}
              onChange={setOrganisationId}
              options={[{ value: '', label: t('locations.runByNobody') }, ...runners.map((m) => ({ value: m.organisationId, label: nameOf(m.organisationNames) }))]}
            />
          )}
        </Form>
      )}
    </>
  );
}
