import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * Hand-drawn charts: bars of CSS boxes sized with logical properties, so they grow from the
 * start side and mirror in Persian and Arabic without a line of direction code, and carry their
 * figures as text for screen readers and for reading at a glance. No chart library: the app's
 * script budget is 300 kB.
 */
export interface BarRow {
  key: string;
  label: ReactNode;
  value: number;
  /** A second, smaller figure drawn inside the first (distributed within covered). */
  inner?: number;
  caption?: string;
  tone?: 'brand' | 'soft' | 'danger' | 'warn';
}

export function BarChart({ rows, label, max }: { rows: readonly BarRow[]; label: string; max?: number }) {
  const { formatNumber } = useI18n();
  const scale = max ?? Math.max(1, ...rows.map((r) => r.value));
  const share = (v: number) => `${Math.min(100, (100 * v) / scale)}%`;
  return (
    <ul className="chart-bars" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key} data-bar={r.key} data-value={r.value}>
          <span className="chart-label">{r.label}</span>
          <span className="chart-track" aria-hidden="true">
            <span className={`chart-fill chart-${r.tone ?? 'brand'}`} style={{ inlineSize: share(r.value) }} />
            {r.inner !== undefined && r.inner > 0 && <span className="chart-fill chart-inner" style={{ inlineSize: share(r.inner) }} />}
          </span>
          <span className="chart-value">{r.caption ?? formatNumber(r.value)}</span>
        </li>
      ))}
    </ul>
  );
}

/** A big figure with its name, for the few numbers a reader looks for first. */
export function Figure({ label, value, tone }: { label: string; value: number; tone?: 'warn' | 'danger' }) {
  const { formatNumber } = useI18n();
  return (
    <div className={`figure${tone ? ` figure-${tone}` : ''}`}>
      <span className="figure-value">{formatNumber(value)}</span>
      <span className="figure-label">{label}</span>
    </div>
  );
}
