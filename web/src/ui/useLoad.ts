import { useCallback, useEffect, useState, type DependencyList } from 'react';
import type { ApiError } from '../api/client';
import { asApiError } from './errors';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  reload(): void;
}

/** Loads data for a screen, again when `deps` change; a late answer for old deps is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null }>({ data: undefined, error: null });
  const [generation, setGeneration] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    run().then(
      (data) => current && setState({ data, error: null }),
      (error: unknown) => current && setState((s) => ({ data: s.data, error: asApiError(error) })),
    );
    return () => {
      current = false;
    };
  }, [run, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}
