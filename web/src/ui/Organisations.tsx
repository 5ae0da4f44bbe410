import { api, unwrap, type Organisation, type OrganisationRef, type Permission } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useQuery } from '../router';
import { useUser } from '../session';
import { SelectFilter } from './Filters';
import { useLoad } from './useLoad';

/**
 * The organisations the reader may act for with `permission`: those of their memberships that
 * grant it (the server has already left out what an organisation's kind does not do), or every
 * organisation of `kind` (of any kind when none is given) for an instance administrator, who
 * belongs to none.
 */
export function useActingOrganisations(permission: Permission, kind?: Organisation['kind']) {
  const user = useUser();
  return useLoad(async (): Promise<OrganisationRef[]> => {
    if (user.isInstanceAdmin) {
      const all = await unwrap(api.GET('/api/organisations', { params: { query: kind ? { kind } : {} } }));
      return all.map((o) => ({ id: o.id, names: o.names }));
    }
    return user.memberships.filter((m) => m.permissions.includes(permission)).map((m) => ({ id: m.organisationId, names: m.organisationNames }));
  }, [user, permission, kind]);
}

/**
 * Which of several organisations a screen works for, kept in the address (`?organisation=`) so a
 * link or a reload keeps it. The choice is offered only when there is one to make.
 */
export function OrganisationChoice({ candidates, label }: { candidates: readonly OrganisationRef[]; label: string }) {
  const { nameOf } = useI18n();
  const [query, setQuery] = useQuery();
  const chosen = chosenOrganisation(candidates, query.get('organisation'));
  if (candidates.length < 2 || !chosen) return null;
  return (
    <SelectFilter
      label={label}
      value={chosen.id}
      onChange={(value) => setQuery({ organisation: value })}
      options={candidates.map((o) => ({ value: o.id, label: nameOf(o.names) }))}
    />
  );
}

export const chosenOrganisation = (candidates: readonly OrganisationRef[], wanted: string | null) =>
  candidates.find((o) => o.id === wanted) ?? candidates[0];
