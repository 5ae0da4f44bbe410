import { api, unwrap, type Location } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SearchFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { Table } from '../ui/Table';
import { useLoad } from '../ui/useLoad';

const getLocation = (locationId: string) => unwrap(api.GET('/api/locations/{locationId}', { params: { path: { locationId } } }));

/** The place and the places above it, from the country down. */
async function pathTo(locationId: string): Promise<Location[]> {
  const path: Location[] = [];
  let next: string | null = locationId;
  // The tree is four levels deep at most (country, admin-1, admin-2, site).
  while (next && path.length < 4) {
    const place: Location = await getLocation(next);
    path.unshift(place);
    next = place.parentId;
  }
  return path;
}

/** Browse the tree of places (countries → governorates → areas → sites) with their P-codes. */
export default function Locations() {
  const { t, nameOf } = useI18n();
  const session = useSession();
  const [query, setQuery] = useQuery();
  const parentId = query.get('parent') ?? '';
  const q = query.get('q') ?? '';

  const data = useLoad(async () => {
    const [path, places, organisations] = await Promise.all([
      parentId && !q ? pathTo(parentId) : Promise.resolve([]),
      unwrap(api.GET('/api/locations', { params: { query: q ? { q } : parentId ? { parentId } : { level: 'country' } } })),
      unwrap(api.GET('/api/organisations', { params: { query: {} } })),
    ]);
    return { path, places, organisationNames: new Map(organisations.map((o) => [o.id, o.names])) };
  }, [parentId, q]);

  return (
    <>
      <PageHeader title={t('locations.title')}>
        <p>{t('locations.intro')}</p>
      </PageHeader>
      <div className="filters">
        <SearchFilter label={t('locations.search')} value={q} onChange={(value) => setQuery({ q: value })} />
      </div>
      <Load state={data}>
        {({ path, places, organisationNames }) => {
          const parent = path.at(-1);
          const canAdd = session.can('locations:write') && parent && parent.level !== 'site';
          return (
            <>
              {!q && (
                <nav className="breadcrumbs" aria-label={t('locations.breadcrumbs')}>
                  <ol>
                    <li>
                      {parent ? <Link to="/locations">{t('locations.allCountries')}</Link> : <span aria-current="page">{t('locations.allCountries')}</span>}
                    </li>
                    {path.map((p) => (
                      <li key={p.id}>
                        {p === parent ? <span aria-current="page">{nameOf(p.names)}</span> : <Link to={`/locations?parent=${p.id}`}>{nameOf(p.names)}</Link>}
                      </li>
                    ))}
                  </ol>
                </nav>
              )}
              {canAdd && (
                <p>
                  <Link className="button button-primary" to={`/locations/new?parentId=${parent.id}`}>
                    {t('locations.addHere', { place: nameOf(parent.names) })}
                  </Link>
                </p>
              )}
              <Table
                rows={places}
                rowKey={(place) => place.id}
                empty={q ? t('locations.noMatch') : t('locations.empty')}
                rowProps={(place) => ({ 'data-location': place.pcode ?? place.isoCode ?? place.id })}
                columns={[
                  {
                    header: t('locations.name'),
                    cell: (place) =>
                      place.level === 'site' ? nameOf(place.names) : <Link to={`/locations?parent=${place.id}`}>{nameOf(place.names)}</Link>,
                  },
                  { header: t('locations.level'), cell: (place) => t(`locationLevel.${place.level}`) },
                  { header: t('locations.code'), code: true, cell: (place) => place.pcode ?? place.isoCode ?? '—' },
                  { header: t('locations.siteKind'), cell: (place) => (place.siteKind ? t(`siteKind.${place.siteKind}`) : '—') },
                  {
                    header: t('locations.runBy'),
                    cell: (place) => {
                      const runBy = place.organisationId ? organisationNames.get(place.organisationId) : undefined;
                      return runBy ? nameOf(runBy) : '—';
                    },
                  },
                ]}
              />
            </>
          );
        }}
      </Load>
    </>
  );
}
