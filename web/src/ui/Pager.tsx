import { Link, useLocation } from '../router';

/**
 * Where a list the server answers a page at a time starts (`?from=`, an offset), and links to the
 * pages before and after it. A page asks the server for one row more than it shows, so `more`
 * is known without counting.
 */
export function usePage(size: number) {
  const { pathname, query } = useLocation();
  const from = Math.max(0, Math.floor(Number(query.get('from'))) || 0);
  const href = (offset: number) => {
    const next = new URLSearchParams(query);
    if (offset > 0) next.set('from', String(offset));
    else next.delete('from');
    const search = next.toString();
    return search ? `${pathname}?${search}` : pathname;
  };
  return { from, size, href, apiQuery: { limit: size + 1, offset: from } };
}

export type Page = ReturnType<typeof usePage>;

/** Which rows are shown ("101 to 200"), and links to the previous and next pages where there are any. */
export function Pager(props: { page: Page; shown: number; more: boolean; labels: { range(first: number, last: number): string; previous: string; next: string } }) {
  const { page, shown, more, labels } = props;
  if (shown === 0) return null;
  return (
    <div className="no-print page-actions pager" data-pager>
      <p role="status">{labels.range(page.from + 1, page.from + shown)}</p>
      {page.from > 0 && (
        <Link className="button" to={page.href(Math.max(0, page.from - page.size))} data-previous>
          {labels.previous}
        </Link>
      )}
      {more && (
        <Link className="button" to={page.href(page.from + page.size)} data-next>
          {labels.next}
        </Link>
      )}
    </div>
  );
}
