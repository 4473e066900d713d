import { useI18n } from '../../i18n/I18nContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Link } from '../../router/Link.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
