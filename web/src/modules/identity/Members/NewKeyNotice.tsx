import { useI18n } from '../../../i18n/I18nContext.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';

/** A new API key, shown once: the platform keeps only its hash. */
export function NewKeyNotice({ name, apiKey }: { name: string; apiKey: string }) {
  const { t } = useI18n();
  return (
    <div className="notice notice-key" role="status">
      <p>
        <strong>{t('members.keyFor', { name })}</strong>
      </p>
      <p className="key-line">
        <code data-testid="new-api-key">{apiKey}</code> <CopyButton text={apiKey} />
      </p>
      <p className="hint">{t('members.keyOnce')}</p>
    </div>
  );
}
