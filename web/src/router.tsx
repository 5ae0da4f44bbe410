import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small router over the History API: the app has a flat table of paths (routes.ts), so it needs
 * matching, links and navigation, not a library.
 */
const listeners = new Set<() => void>();
let moves = 0;

/** Whether the reader has moved within the app since the page loaded (not a fresh load). */
export const hasMoved = () => moves > 0;

window.addEventListener('popstate', () => {
  moves++;
  listeners.forEach((listener) => listener());
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  moves++;
  listeners.forEach((listener) => listener());
}

const current = () => window.location.pathname + window.location.search;

export function useLocation(): { pathname: string; query: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, current);
  const url = new URL(href, window.location.origin);
  return { pathname: url.pathname, query: url.searchParams, href };
}

/** The query string as state, for filters a person can bookmark or share. */
export function useQuery(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const { pathname, query } = useLocation();
  const setQuery = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    const search = next.toString();
    navigate(search ? `${pathname}?${search}` : pathname, { replace: true });
  };
  return [query, setQuery];
}

/** `/organisations/:organisationId` against a path: the parameters, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = decodeURIComponent(have[i]!);
    if (w.startsWith(':')) params[w.slice(1)] = h;
    else if (w !== h) return null;
  }
  return params;
}

export function Link({ to, onClick, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    // Let the browser open new tabs and windows as usual.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...props} />;
}
