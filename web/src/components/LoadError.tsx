import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

export function LoadError({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="load-error">
      <ErrorNotice error={error} title={t('common.loadFailed')} />
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
