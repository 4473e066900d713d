import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import type { MessageKey } from '../i18n/en.ts';

/**
 * An API error in plain words: a sentence of the console's language for the error code when it has one, then
 * the platform's own explanation (which names amounts and dates), and the field when one was named.
 */
export function ErrorNotice({ error, title }: { error: ApiError; title?: string }) {
  const { t, messages } = useI18n();
  // A refusal may name its reason (a 403's `details.reason`): a sentence for the reason says more than the code's.
  const reason = typeof error.details.reason === 'string' ? (`error.${error.details.reason}` as MessageKey) : null;
  const codeKey = reason && reason in messages ? reason : (`error.${error.code}` as MessageKey);
  const headline = codeKey in messages ? t(codeKey) : error.status >= 500 ? t('error.server') : error.status === 403 ? t('error.forbidden') : error.status === 404 ? t('error.notFound') : t('error.refused');
  // The platform's own sentence adds amounts, dates and names; for these codes it would only repeat the headline.
  const showDetail = !['network', 'unauthenticated'].includes(error.code) && error.message && error.message !== headline;
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      <span>{headline}</span>
      {showDetail ? <span className="error-detail"> {error.message}</span> : null}
      {error.field ? <span className="error-field"> · {t('error.field', { field: error.field })}</span> : null}
    </div>
  );
}
