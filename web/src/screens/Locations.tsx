import { api, unwrap, type Location } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Link, useQuery } from '../router';
import { useSession } from '../session';
import { SearchFilter } from '../ui/Filters';
import { Load } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
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
              {places.length === 0 ? (
                <p className="empty">{q ? t('locations.noMatch') : t('locations.empty')}</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('locations.name')}</th>
                        <th scope="col">{t('locations.level')}</th>
                        <th scope="col">{t('locations.code')}</th>
                        <th scope="col">{t('locations.siteKind')}</th>
                        <th scope="col">{t('locations.runBy')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {places.map((place) => {
                        const runBy = place.organisationId ? organisationNames.get(place.organisationId) : undefined;
                        return (
                          <tr key={place.id} data-location={place.pcode ?? place.isoCode ?? place.id}>
                            <td>
                              {place.level === 'site' ? nameOf(place.names) : <Link to={`/locations?parent=${place.id}`}>{nameOf(place.names)}</Link>}
                            </td>
                            <td>{t(`locationLevel.${place.level}`)}</td>
                            <td className="code">{place.pcode ?? place.isoCode ?? '—'}</td>
                            <td>{place.siteKind ? t(`siteKind.${place.siteKind}`) : '—'}</td>
                            <td>{runBy ? nameOf(runBy) : '—'}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </Load>
    </>
  );
}
