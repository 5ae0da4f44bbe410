import type { DistributionPlan, Need, Pledge } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** Priority as a coloured label: colour helps the eye, the word carries the meaning. */
export function PriorityTag({ priority }: { priority: Need['priority'] }) {
  const { t } = useI18n();
  return <span className={`tag tag-priority-${priority}`}>{t(`priority.${priority}`)}</span>;
}

export function StatusTag({ status }: { status: Need['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-status-${status}`} data-status={status}>
      {t(`needStatus.${status}`)}
    </span>
  );
}

export function PledgeStatusTag({ status }: { status: Pledge['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag tag-status-${status}`} data-status={status}>
      {t(`pledgeStatus.${status}`)}
    </span>
  );
}

export function DistributionPlanStatusTag({ status }: { status: DistributionPlan['status'] }) {
  const { t } = useI18n();
  return (
    <span className={`tag ${status === 'open' ? 'tag-plan-open' : 'tag-status-closed'}`} data-plan-status={status}>
      {t(`distPlan.status.${status}`)}
    </span>
  );
}
