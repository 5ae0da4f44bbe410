import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiError } from '../api/client';
import { asApiError } from './errors';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  reload(): void;
}

/**
 * Loads data for a screen, again when `deps` change; a late answer for old deps is dropped. While
 * new deps load, the old data goes (a form must never show one record while the address names
 * another), unless `keep` says the old data may stay on screen meanwhile (a list being filtered).
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, options: { keep?: boolean } = {}): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null }>({ data: undefined, error: null });
  const [generation, setGeneration] = useState(0);
  const run = useCallback(load, deps);
  const keep = options.keep ?? false;
  const loadedBy = useRef(run);
  useEffect(() => {
    let current = true;
    // A reload of the same record keeps it on screen (and the notices around it) until the answer.
    if (loadedBy.current !== run && !keep) setState({ data: undefined, error: null });
    loadedBy.current = run;
    run().then(
      (data) => current && setState({ data, error: null }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error: asApiError(error) })),
    );
    return () => {
      current = false;
    };
  }, [run, generation, keep]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}
