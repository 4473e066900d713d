import { useState } from 'react';
import { useI18n } from '../../../i18n/I18nContext.ts';
import { sha256Hex } from '../../../format/sha256.ts';
import { Field } from '../../../components/Field.tsx';

export interface HashedDocument {
  fileName: string;
  size: number;
  hash: string;
}

/**
 * The trade's documents (invoice, contract): read in the browser and hashed with SHA-256. Only the hash goes to
 * the platform and on-chain; the file never leaves the computer.
 */
export function DocumentHashInput({ value, onChange, error }: { value: HashedDocument | null; onChange: (d: HashedDocument | null) => void; error?: string | null }) {
  const { t, number } = useI18n();
  const [hashing, setHashing] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return onChange(null);
    setHashing(true);
    try {
      const hash = await sha256Hex(await file.arrayBuffer());
      onChange({ fileName: file.name, size: file.size, hash });
    } finally {
      setHashing(false);
    }
  };
  return (
    <div className="document-input">
      <Field label={t('trades.document')} hint={t('trades.documentHint')} error={error}>
        <input type="file" onChange={(e) => void onFile(e.target.files?.[0])} />
      </Field>
      <div aria-live="polite">
        {hashing ? <p className="hint">{t('trades.hashing')}</p> : null}
        {value ? (
          <p className="document-hash" data-testid="document-hash">
            <span>
              {value.fileName} ({t('trades.bytes', { n: number(value.size) })})
            </span>
            <span>
              {t('trades.sha256')} <code>{value.hash}</code>
            </span>
          </p>
        ) : null}
      </div>
    </div>
  );
}
