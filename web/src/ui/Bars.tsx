import type { NeedLine } from '../api/client';
import { useI18n } from '../i18n/i18n';

type Coverage = NeedLine['coverage'];

const share = (units: number, scale: number) => `${scale > 0 ? (100 * units) / scale : 0}%`;

/**
 * How far a need line is covered, as a bar: delivered, then in pipeline, then pledged and not yet
 * sent, against what is needed. When more is promised than needed, the bar is drawn to the
 * larger figure and a mark shows where "needed" is. Screen readers get the same as a meter.
 */
export function CoverageBar({ coverage }: { coverage: Coverage }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const scale = Math.max(coverage.neededUnits, coverage.coveredUnits);
  const segments = [
    ['delivered', coverage.deliveredUnits],
    ['pipeline', coverage.inPipelineUnits],
    ['pledged', coverage.pledgedNotSentUnits],
  ] as const;
  return (
    <div className="bar-block">
      <div
        className="bar"
        role="meter"
        aria-label={t('coverage.label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(coverage.coverageRatio * 100)}
        aria-valuetext={t('coverage.valueText', {
          percent: formatPercent(coverage.coverageRatio),
          covered: coverage.coveredUnits,
          needed: coverage.neededUnits,
        })}
        data-coverage={coverage.coverageRatio}
      >
        {segments.map(([kind, units]) =>
          units > 0 ? <span key={kind} className={`bar-segment bar-${kind}`} style={{ inlineSize: share(units, scale) }} /> : null,
        )}
        {coverage.coveredUnits > coverage.neededUnits && <span className="bar-target" style={{ insetInlineStart: share(coverage.neededUnits, scale) }} />}
      </div>
      <p className="bar-caption">
        {t('coverage.caption', { percent: formatPercent(coverage.coverageRatio), covered: coverage.coveredUnits, needed: coverage.neededUnits })}
        {coverage.gapUnits > 0 && ` · ${t('coverage.gap', { gap: formatNumber(coverage.gapUnits) })}`}
      </p>
    </div>
  );
}

/** The key to the coverage bars' colours, once per screen. */
export function CoverageLegend() {
  const { t } = useI18n();
  return (
    <ul className="bar-legend" aria-label={t('coverage.legend')}>
      {(['delivered', 'pipeline', 'pledged'] as const).map((kind) => (
        <li key={kind}>
          <span className={`swatch bar-${kind}`} aria-hidden="true" /> {t(`coverage.${kind}`)}
        </li>
      ))}
    </ul>
  );
}

/** A part of a whole (distributed of needed, received of promised), as a thin bar and a meter. */
export function ProgressBar({ done, of, label, caption }: { done: number; of: number; label: string; caption: string }) {
  const ratio = of > 0 ? done / of : 0;
  return (
    <div className="bar-block">
      <div
        className="bar bar-thin"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(ratio * 100)}
        aria-valuetext={caption}
      >
        {done > 0 && <span className="bar-segment bar-done" style={{ inlineSize: share(Math.min(done, of), of) }} />}
      </div>
      <p className="bar-caption">{caption}</p>
    </div>
  );
}
