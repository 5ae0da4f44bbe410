import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { PageHeader } from '../ui/PageHeader';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
