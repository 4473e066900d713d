import { useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nContext.ts';
import { useSession } from '../session/SessionContext.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** Downloads a CSV export of the API with the session's key (a plain link could not send it). */
export function DownloadButton({ path, filename, label }: { path: string; filename: string; label: string }) {
  const { t } = useI18n();
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button
        type="button"
        className="button secondary small"
        aria-busy={busy || undefined}
        disabled={busy}
        data-testid={`download-${filename}`}
        onClick={() => {
          setBusy(true);
          setError(null);
          client
            .download(path, filename)
            .catch((e: ApiError) => setError(e))
            .finally(() => setBusy(false));
        }}
      >
        {label}
      </button>
      {error ? <ErrorNotice error={error} title={t('export.failed')} /> : null}
    </>
  );
}
