import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { errorWords, type ErrorWords } from '../format/errorWords.ts';
import { useContext } from 'react';
import { SessionContext } from '../session/SessionContext.ts';

/** `errorWords` for this session's language and member directory. */
export function useErrorWords(): (error: Parameters<typeof errorWords>[2]) => ErrorWords {
  const i18n = useI18n();
  // The sign-in page shows errors before there is a session (and so a directory) to name anyone from.
  const members = useContext(SessionContext)?.members ?? [];
  const names = new Map(members.map((m) => [m.address.toLowerCase(), m.name]));
  return (error) => errorWords(i18n, names, error);
}

/** An error as one line of text (a form field's message). */
export function useErrorText(): (error: Parameters<typeof errorWords>[2]) => string {
  const words = useErrorWords();
  return (error) => {
    const w = words(error);
    return w.detail ? `${w.headline} ${w.detail}` : w.headline;
  };
}

/**
 * An API error in plain words, in the console's language: a sentence for the error code, then its details (amounts
 * in XT, parties by name), and the field when one was named.
 */
export function ErrorNotice({ error, title }: { error: ApiError; title?: string }) {
  const { t } = useI18n();
  const words = useErrorWords()(error);
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong>{title} </strong> : null}
      <span>{words.headline}</span>
      {words.detail ? <span className="error-detail"> {words.detail}</span> : null}
      {error.field ? <span className="error-field"> · {t('error.field', { field: error.field })}</span> : null}
    </div>
  );
}
