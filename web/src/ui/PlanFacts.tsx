import type { DistributionPlan } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { DistributionPlanStatusTag } from './Tags';

/** The facts every screen of a distribution plan begins with: where, when, households served of those expected, open or closed. */
export function PlanFactRows({ plan }: { plan: DistributionPlan }) {
  const { t, nameOf, formatDay, formatNumber } = useI18n();
  return (
    <>
      <dt>{t('distribute.site')}</dt>
      <dd>{nameOf(plan.site.names)}</dd>
      <dt>{t('distribute.day')}</dt>
      <dd>
        <time dateTime={plan.plannedOn}>{formatDay(plan.plannedOn)}</time>
      </dd>
      <dt>{t('distribute.served')}</dt>
      <dd data-served={plan.progress.householdsServed}>
        {t('distribute.servedOf', { served: formatNumber(plan.progress.householdsServed), expected: formatNumber(plan.householdsExpected) })}
      </dd>
      <dt>{t('distPlans.status')}</dt>
      <dd>
        <DistributionPlanStatusTag status={plan.status} />
      </dd>
    </>
  );
}
