import type { ReactNode } from 'react';
import type { Loaded } from './useLoad';
import { useI18n } from '../i18n/i18n';
import { errorText } from './errors';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Shows what a useLoad brought: its data, a readable error, or that it is on the way. */
export function Load<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const i18n = useI18n();
  if (state.error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{errorText(i18n, state.error)}</p>
        <button type="button" onClick={state.reload}>
          {i18n.t('common.retry')}
        </button>
      </div>
    );
  }
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}
